using System.Linq.Expressions;

namespace AdminPortal.Web.Tokens;

public enum TokenStatus
{
    Active,
    Expired,
}

/// <summary>Why a token is Expired.</summary>
public enum InactiveReason
{
    Revoked,
    TimedOut,
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

    /// <summary>Why the token is not active at <paramref name="now"/>, or null when it is.</summary>
    public static InactiveReason? WhyInactive(AccessToken token, DateTime now) =>
        StatusAt(token, now) == TokenStatus.Active ? null
        : token.RevokedAt is not null ? InactiveReason.Revoked
        : token.ValidUntil is { } until && until <= now ? InactiveReason.TimedOut
        : InactiveReason.UsedUp;

    /// <summary>A query filter for tokens active (or, with <paramref name="active"/> false, expired) at <paramref name="now"/>.</summary>
    public static Expression<Func<AccessToken, bool>> Filter(DateTime now, bool active = true)
    {
        // Bind "now" through a closure object so EF Core sends it as a parameter, not a literal.
        var clock = new Clock(now);
        var nowExpression = Expression.Property(Expression.Constant(clock), nameof(Clock.Now));
        Expression body = new ReplaceParameter(IsActiveAt.Parameters[1], nowExpression).Visit(IsActiveAt.Body);
        if (!active)
        {
            body = Expression.Not(body);
        }
        return Expression.Lambda<Func<AccessToken, bool>>(body, IsActiveAt.Parameters[0]);
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
