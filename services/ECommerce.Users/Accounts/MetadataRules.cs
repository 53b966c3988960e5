using ECommerce.Users.Data;

namespace ECommerce.Users.Accounts;

/// <summary>
/// What an owner may change about their own account: preferences freely; the account only from active to
/// deactivated (closing it), and verification only from unverified to pending (asking for it). Everything else —
/// lifting a suspension, marking oneself verified — is an administrator's decision.
/// </summary>
public static class MetadataRules
{
    public static string? ForbiddenToOwner(UserMetadata current, UpdateMetadataRequest request)
    {
        if (request.AccountStatus is { } account && account != current.AccountStatus
            && !(current.AccountStatus == AccountStatuses.Active && account == AccountStatuses.Deactivated))
        {
            return $"An account holder may only change account_status from '{AccountStatuses.Active}' to '{AccountStatuses.Deactivated}'.";
        }
        if (request.VerificationStatus is { } verification && verification != current.VerificationStatus
            && !(current.VerificationStatus == VerificationStatuses.Unverified && verification == VerificationStatuses.Pending))
        {
            return $"An account holder may only change verification_status from '{VerificationStatuses.Unverified}' to '{VerificationStatuses.Pending}'.";
        }
        return null;
    }
}
