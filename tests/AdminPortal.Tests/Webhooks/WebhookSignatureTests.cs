using AdminPortal.Web.Webhooks;

namespace AdminPortal.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    // The published Standard Webhooks test vector (standard-webhooks reference libraries and Svix).
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = "{\"test\": 2432232314}";

    [Fact]
    public void Signature_reproduces_the_Standard_Webhooks_test_vector()
    {
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.Sign(Secret, MessageId, Timestamp, Body));
    }

    [Fact]
    public void A_receiver_accepts_any_of_several_signatures_and_nothing_altered()
    {
        var header = "v1,bm9wZQ== " + WebhookSignature.Sign(Secret, MessageId, Timestamp, Body);
        Assert.True(WebhookSignature.Verify(Secret, MessageId, Timestamp, Body, header));
        Assert.False(WebhookSignature.Verify(Secret, MessageId, Timestamp, Body + " ", header));
        Assert.False(WebhookSignature.Verify(Secret, MessageId, Timestamp + 1, Body, header));
        Assert.False(WebhookSignature.Verify(WebhookSignature.NewSecret(), MessageId, Timestamp, Body, header));
    }

    [Fact]
    public void New_secrets_are_whsec_and_32_random_bytes()
    {
        var secret = WebhookSignature.NewSecret();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotEqual(secret, WebhookSignature.NewSecret());
    }
}
