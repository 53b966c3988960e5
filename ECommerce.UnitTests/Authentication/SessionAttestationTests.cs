using System.Text;
using ECommerce.ServiceDefaults.Authentication;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace ECommerce.UnitTests.Authentication;

public sealed class SessionAttestationTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-02T10:00:00Z"));

    private SessionAttestation Attestation(string signingKey = "a signing key of thirty-two bytes or more", TimeProvider? clock = null) =>
        new(new JwtSettings("issuer", "audience", new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), TimeSpan.FromMinutes(30)), clock ?? _clock);

    [Fact]
    public void AnAttestationVouchesForItsOwnSessionAndNoOther()
    {
        var attestation = Attestation();
        var header = attestation.Issue("session-a");

        Assert.True(attestation.Verify(header, "session-a"));
        Assert.False(attestation.Verify(header, "session-b"));
    }

    [Fact]
    public void AnAttestationIsRefusedOnceOlderThanItsValidityOrFromTooFarAhead()
    {
        var attestation = Attestation();
        var header = attestation.Issue("session-a");

        _clock.Advance(SessionAttestation.Validity + TimeSpan.FromMilliseconds(1));
        Assert.False(attestation.Verify(header, "session-a"));

        var aheadClock = new FakeTimeProvider(_clock.GetUtcNow() + SessionAttestation.Validity + TimeSpan.FromMilliseconds(1));
        var fromTheFuture = Attestation(clock: aheadClock).Issue("session-a");
        Assert.False(attestation.Verify(fromTheFuture, "session-a"));
    }

    [Fact]
    public void OnlyAHolderOfTheSigningKeyCanMakeOne()
    {
        var header = Attestation("another signing key, also thirty-two bytes long").Issue("session-a");

        Assert.False(Attestation().Verify(header, "session-a"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("1.2.3")]
    [InlineData("-1.00")]
    [InlineData("99999999999999999999.00")]
    [InlineData("1796205600000.zz")]
    [InlineData("1796205600000.zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    public void AMalformedAttestationIsRefusedWithoutAnError(string? header) =>
        Assert.False(Attestation().Verify(header, "session-a"));

    [Fact]
    public void ChangingAnyPartOfAnAttestationVoidsIt()
    {
        var attestation = Attestation();
        var header = attestation.Issue("session-a");
        var (time, signature) = (header.Split('.')[0], header.Split('.')[1]);

        Assert.False(attestation.Verify($"{long.Parse(time) - 1}.{signature}", "session-a"));
        Assert.False(attestation.Verify($"{time}.{(signature[0] == '0' ? '1' : '0')}{signature[1..]}", "session-a"));
    }
}
