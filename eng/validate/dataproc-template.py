"""Checks a Dataproc workflow template (YAML, as `gcloud dataproc workflow-templates import` reads it) against
Dataproc's v1 API message types that the Google Cloud CLI ships: every field must be one the API knows, of its type.
Exits 1 naming each unknown field or wrong value.   python3 eng/validate/dataproc-template.py FILE"""

import glob
import os
import sys

sdk = os.environ.get("CLOUDSDK_ROOT") or next(iter(sorted(glob.glob("/usr/lib/google-cloud-sdk"))), None)
if not sdk:
    sys.exit("the Google Cloud CLI is not installed (its Dataproc message types are what this checks against)")
sys.path[:0] = [os.path.join(sdk, "lib"), os.path.join(sdk, "lib", "third_party")]

from apitools.base.py import encoding  # noqa: E402
from googlecloudsdk.core import yaml  # noqa: E402  (the CLI's own YAML reader)
from googlecloudsdk.generated_clients.apis.dataproc.v1 import dataproc_v1_messages as messages  # noqa: E402


def unknown_fields(message, path):
    for name in message.all_unrecognized_fields():
        yield f"{path}.{name}" if path else name
    for field in message.all_fields():
        value = message.get_assigned_value(field.name)
        values = value if field.repeated else [value]
        for index, item in enumerate(values or []):
            if hasattr(item, "all_unrecognized_fields"):
                where = f"{path}.{field.name}" if path else field.name
                yield from unknown_fields(item, f"{where}[{index}]" if field.repeated else where)


document = yaml.load_path(sys.argv[1])
try:
    template = encoding.PyValueToMessage(messages.WorkflowTemplate, document)
    problems = [f"unknown field {name}" for name in unknown_fields(template, "")]
except Exception as error:  # a value of the wrong type
    problems = [f"not a WorkflowTemplate: {error}"]
if not problems and not template.jobs:
    problems.append("no jobs")
for problem in problems:
    print(problem)
print(f"{sys.argv[1]}: {len(problems)} problems")
sys.exit(1 if problems else 0)
