#!/usr/bin/env bash
# Writes the ECommerce graph out for the clouds, from the AppHost's model (ECommerce.AppHost/Program.cs):
#   DIR/kubernetes   kustomize base + overlays/eks (whole system) + overlays/gke (analytics), secrets.md
#   DIR/sam          the Lambda functions' SAM template and the deployable zip it names
#   DIR/dataproc     the Spark job's workflow template and files
#   DIR/terraform    aws/ and gcp/: the managed infrastructure
# Nothing is applied anywhere: the README's "Publishing" section says what to run, in which order.
#
#   ./publish.sh [DIR] [--environment prod] [--aws-account 123456789012] [--aws-region eu-west-1]
#                [--gcp-project ecommerce-analytics] [--gcp-region europe-west1] [--host shop.example.com] [--image-tag 1.0.0]
# DIR defaults to artifacts/publish. The same files come from `aspire publish -o DIR` (without the zip).
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
output="$root/artifacts/publish"
settings=()
while [ $# -gt 0 ]; do
  case "$1" in
    --environment) settings+=("--Publish:Environment=$2"); shift 2 ;;
    --aws-account) settings+=("--Publish:AwsAccountId=$2"); shift 2 ;;
    --aws-region) settings+=("--Publish:AwsRegion=$2"); shift 2 ;;
    --gcp-project) settings+=("--Publish:GcpProject=$2"); shift 2 ;;
    --gcp-region) settings+=("--Publish:GcpRegion=$2"); shift 2 ;;
    --host) settings+=("--Publish:Host=$2"); shift 2 ;;
    --image-tag) settings+=("--Publish:ImageTag=$2"); shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "unknown option $1 (see ./publish.sh --help)" >&2; exit 2 ;;
    *) output=$(realpath -m "$1"); shift ;;
  esac
done

"$root/eng/setup.sh"
printf '\n\033[1m==> Building the AppHost\033[0m\n'
dotnet build "$root/ECommerce.AppHost" -c Release --no-restore --nologo -v:minimal
printf '\n\033[1m==> Publishing the model to %s\033[0m\n' "$output"
dotnet run --project "$root/ECommerce.AppHost" -c Release --no-build --no-launch-profile -- \
  --operation publish --step publish --output-path "$output" "${settings[@]}"
printf '\n\033[1m==> Packaging the functions for Lambda\033[0m\n'
for function in notifications thumbnails; do
  "$root/eng/package-function.sh" "$function" "$output/sam/$function-lambda.zip"
done

printf '\n\033[1m==> Written\033[0m\n'
(cd "$output" && find . -type f | sed 's|^\./||' | sort | awk -F/ '{ n[$1]++ } END { for (k in n) printf "  %-12s %d files\n", k, n[k] }' | sort)
echo "Next: the README's \"Publishing\" section (Terraform, then the Secrets in $output/kubernetes/secrets.md, then kubectl apply -k)."
