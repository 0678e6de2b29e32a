using System.Linq.Expressions;

namespace AdminPortal.Web.Tokens;

public enum TokenStatus
{
    Active,
    Expired,
}

/// <summary>
/// Why an expired token is expired; when several hold, the first listed wins. A single-use token that played stays
/// "used" after its time runs out: that is when it really ended.
/// </summary>
public enum InactiveReason
{
    Revoked,

    /// <summary>Single use, and already played.</summary>
    UsedUp,

    /// <summary>Its valid_until has passed.</summary>
    TimedOut,
}

/// <summary>The portal's view of a token: the real state. The published API folds the last three into <see cref="TokenStatus.Expired"/>.</summary>
public enum TokenState
{
    Active,
    Expired,
    Used,
    Revoked,
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
            : t.ExpiresAfterFirstUsage && t.UseCount > 0 ? InactiveReason.UsedUp
            : t.ValidUntil != null && t.ValidUntil <= now ? InactiveReason.TimedOut
            : null;

    private static readonly Func<AccessToken, DateTime, InactiveReason?> WhyInactiveCompiled = WhyInactiveAt.Compile();

    /// <summary>Why the token is not active at <paramref name="now"/>, or null when it is.</summary>
    public static InactiveReason? WhyInactive(AccessToken token, DateTime now) => WhyInactiveCompiled(token, now);

    /// <summary>The reason as a query projection, e.g. <c>tokens.Select(TokenStatusRule.WhyInactive(now))</c>.</summary>
    public static Expression<Func<AccessToken, InactiveReason?>> WhyInactive(DateTime now) => Bind(WhyInactiveAt, now);

    /// <summary>The portal's state for a reason from <see cref="WhyInactive(AccessToken, DateTime)"/>.</summary>
    public static TokenState State(InactiveReason? reason) => reason switch
    {
        null => TokenState.Active,
        InactiveReason.Revoked => TokenState.Revoked,
        InactiveReason.UsedUp => TokenState.Used,
        _ => TokenState.Expired,
    };

    /// <summary>When an ended token ended: revoked, played (single use), or its time ran out.</summary>
    public static DateTime? EndedAt(AccessToken token, InactiveReason? reason) => reason switch
    {
        InactiveReason.Revoked => token.RevokedAt,
        InactiveReason.UsedUp => token.LastUsedAt,
        InactiveReason.TimedOut => token.ValidUntil,
        _ => null,
    };

    /// <summary>A query filter for tokens inactive for exactly this reason at <paramref name="now"/> (the same expression as the in-memory check).</summary>
    public static Expression<Func<AccessToken, bool>> InactiveBecause(InactiveReason reason, DateTime now)
    {
        var why = WhyInactive(now);
        return Expression.Lambda<Func<AccessToken, bool>>(
            Expression.Equal(why.Body, Expression.Constant(reason, typeof(InactiveReason?))), why.Parameters);
    }

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
