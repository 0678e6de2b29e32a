using System.Linq.Expressions;

namespace AdminPortal.Web.Tokens;

public enum TokenStatus
{
    Active,
    Expired,
}

/// <summary>Why an expired token is expired; when several hold, the first listed wins.</summary>
public enum InactiveReason
{
    Revoked,

    /// <summary>Its valid_until has passed.</summary>
    TimedOut,

    /// <summary>Single use, and already played.</summary>
    UsedUp,
}

/// <summary>
/// The one definition of an active token. The same expression filters in SQL and, compiled, decides in memory,
/// so the grid, the API and the player can never disagree.
/// </summary>
public static class TokenStatusRule
{
    private static readonly Expression<Func<AccessToken, DateTime, bool>> IsActiveAt =
        (t, now) => t.RevokedAt == null
            && (t.ValidUntil == null || t.ValidUntil > now)
            && !(t.ExpiresAfterFirstUsage && t.UseCount > 0);

    private static readonly Func<AccessToken, DateTime, bool> IsActiveCompiled = IsActiveAt.Compile();

    /// <summary>Why the token is not active, or null when it is: the same three conditions as <see cref="IsActiveAt"/>, named.</summary>
    private static readonly Expression<Func<AccessToken, DateTime, InactiveReason?>> WhyInactiveAt =
        (t, now) => t.RevokedAt != null ? InactiveReason.Revoked
            : t.ValidUntil != null && t.ValidUntil <= now ? InactiveReason.TimedOut
            : t.ExpiresAfterFirstUsage && t.UseCount > 0 ? InactiveReason.UsedUp
            : null;

    private static readonly Func<AccessToken, DateTime, InactiveReason?> WhyInactiveCompiled = WhyInactiveAt.Compile();

    public static InactiveReason? WhyInactive(AccessToken token, DateTime now) => WhyInactiveCompiled(token, now);

    /// <summary>The reason as a query projection, e.g. <c>tokens.Select(TokenStatusRule.WhyInactive(now))</c>.</summary>
    public static Expression<Func<AccessToken, InactiveReason?>> WhyInactive(DateTime now) => Bind(WhyInactiveAt, now);

    public static TokenStatus StatusAt(AccessToken token, DateTime now) =>
        IsActiveCompiled(token, now) ? TokenStatus.Active : TokenStatus.Expired;

    /// <summary>A query filter for tokens active (or, with <paramref name="active"/> false, expired) at <paramref name="now"/>.</summary>
    public static Expression<Func<AccessToken, bool>> Filter(DateTime now, bool active = true)
    {
        var filter = Bind(IsActiveAt, now);
        return active ? filter : Expression.Lambda<Func<AccessToken, bool>>(Expression.Not(filter.Body), filter.Parameters);
    }

    private static Expression<Func<AccessToken, T>> Bind<T>(Expression<Func<AccessToken, DateTime, T>> rule, DateTime now)
    {
        // Bind "now" through a closure object so EF Core sends it as a parameter, not a literal.
        var clock = new Clock(now);
        var nowExpression = Expression.Property(Expression.Constant(clock), nameof(Clock.Now));
        var body = new ReplaceParameter(rule.Parameters[1], nowExpression).Visit(rule.Body);
        return Expression.Lambda<Func<AccessToken, T>>(body, rule.Parameters[0]);
    }

    private sealed record Clock(DateTime Now);

    private sealed class ReplaceParameter(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
