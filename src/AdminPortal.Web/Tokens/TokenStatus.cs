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
    /// <summary>The part of the rule that does not change with time: neither revoked nor used up.</summary>
    public static readonly Expression<Func<AccessToken, bool>> IsOpen =
        t => t.RevokedAt == null && !(t.ExpiresAfterFirstUsage && t.UseCount > 0);

    /// <summary>Active: open, and not past its time limit.</summary>
    private static readonly Expression<Func<AccessToken, DateTime, bool>> IsActiveAt = ActiveFromOpen();

    /// <summary>
    /// <see cref="IsOpen"/> as the SQL EF Core writes for it. The open-token indexes are filtered by it, so SQLite
    /// answers the Active filter and its count from them; a test holds the two together.
    /// </summary>
    public const string OpenSql = "\"RevokedAt\" IS NULL AND (NOT (\"ExpiresAfterFirstUsage\") OR \"UseCount\" <= 0)";

    private static readonly Func<AccessToken, DateTime, bool> IsActiveCompiled = IsActiveAt.Compile();

    public static TokenStatus StatusAt(AccessToken token, DateTime now) =>
        IsActiveCompiled(token, now) ? TokenStatus.Active : TokenStatus.Expired;

    /// <summary>Why the token is not active, or null when it is: the same three conditions as <see cref="IsActiveAt"/>, named.</summary>
    private static readonly Expression<Func<AccessToken, DateTime, InactiveReason?>> WhyInactiveAt =
        (t, now) => t.RevokedAt != null ? InactiveReason.Revoked
            : t.ValidUntil != null && t.ValidUntil <= now ? InactiveReason.TimedOut
            : t.ExpiresAfterFirstUsage && t.UseCount > 0 ? InactiveReason.UsedUp
            : null;

    private static readonly Func<AccessToken, DateTime, InactiveReason?> WhyInactiveCompiled = WhyInactiveAt.Compile();

    /// <summary>Why the token is not active at <paramref name="now"/>, or null when it is.</summary>
    public static InactiveReason? WhyInactive(AccessToken token, DateTime now) => WhyInactiveCompiled(token, now);

    /// <summary>The reason as a query projection, e.g. <c>tokens.Select(TokenStatusRule.WhyInactive(now))</c>.</summary>
    public static Expression<Func<AccessToken, InactiveReason?>> WhyInactive(DateTime now) => Bind(WhyInactiveAt, now);

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

    private static Expression<Func<AccessToken, DateTime, bool>> ActiveFromOpen()
    {
        Expression<Func<AccessToken, DateTime, bool>> inTime = (t, now) => t.ValidUntil == null || t.ValidUntil > now;
        var open = new ReplaceParameter(IsOpen.Parameters[0], inTime.Parameters[0]).Visit(IsOpen.Body);
        return Expression.Lambda<Func<AccessToken, DateTime, bool>>(Expression.AndAlso(open, inTime.Body), inTime.Parameters);
    }

    private sealed record Clock(DateTime Now);

    private sealed class ReplaceParameter(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
