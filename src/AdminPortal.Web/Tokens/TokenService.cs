using System.Security.Cryptography;
using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Tokens;

/// <summary>What a caller may change on a token. Missing fields stay as they are (or take defaults on create).</summary>
public sealed record TokenChanges
{
    /// <summary>Seconds from now; null means no time limit.</summary>
    public Optional<long?> TimeToLive { get; init; }
    public Optional<bool> ExpiresAfterFirstUsage { get; init; }
    public Optional<IReadOnlyList<AnnotationInput>> Annotations { get; init; }

    /// <summary>Sessions allowed to play at once; null means no limit.</summary>
    public Optional<long?> MaxConcurrentViewers { get; init; }

    /// <summary>Addresses or CIDR ranges; empty means anywhere.</summary>
    public Optional<IReadOnlyList<string>> AllowedIps { get; init; }
}

public enum TokenStatusFilter
{
    All,
    Active,
    Expired,
}

public enum TokenSort
{
    Created,
    ValidUntil,
    Uses,
}

public sealed record TokenQuery(
    TokenStatusFilter Status = TokenStatusFilter.All,
    TokenSort SortBy = TokenSort.Created,
    bool Descending = true,
    int Offset = 0,
    int Limit = 20);

/// <summary>A token as every caller sees it, with its status computed at read time.</summary>
public sealed record TokenView(
    Guid Code,
    string VideoId,
    TokenStatus Status,
    DateTime? ValidUntil,
    bool ExpiresAfterFirstUsage,
    bool IsRevoked,
    IReadOnlyList<Annotation> Annotations,
    int UseCount,
    DateTime? LastUsedAt,
    DateTime CreatedAt,
    DateTime ModifiedAt,
    string CreatedBy,
    int? MaxConcurrentViewers = null,
    IReadOnlyList<string>? AllowedIps = null)
{
    /// <summary>Null while active; computed by <see cref="TokenStatusRule"/>, never re-derived by a caller.</summary>
    public InactiveReason? WhyInactive { get; init; }
}

/// <summary>
/// The one token service: the staff UI and the REST API go through it; the player's use of tokens lives in Playback.
/// Every call is scoped to the actor's organization; a video or code elsewhere is simply not found.
/// </summary>
public sealed class TokenService(IDbContextFactory<AdminPortalDbContext> dbFactory, GroupCommitWriter writer, Hosting.PortalMetrics metrics, TimeProvider clock)
{
    private const string ReadOnlyRole = "Your role can view tokens but not change them.";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Result<TokenView>> CreateAsync(Actor actor, string videoId, TokenChanges changes, CancellationToken cancellationToken = default)
    {
        if (!actor.CanEdit)
        {
            return Result<TokenView>.Forbidden(ReadOnlyRole);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await VideoExistsAsync(db, actor, videoId, cancellationToken))
        {
            return Result<TokenView>.NotFound();
        }

        var now = Now;
        var errors = Apply(NewToken(actor, videoId, now), changes, now);
        if (!errors.IsEmpty)
        {
            return Result<TokenView>.Invalid(errors);
        }

        // The token and its "created" event commit together, in a batch with whatever other creates are waiting.
        // The caller hears 201 only after the commit.
        AccessToken token;
        try
        {
            token = await writer.WriteAsync(async batch =>
            {
                var created = NewToken(actor, videoId, now);
                Apply(created, changes, now);
                created.Events.Add(new TokenEvent { Kind = TokenEventKind.Created, At = now, Actor = actor.Name, Detail = Describe(created) });
                batch.AccessTokens.Add(created);
                await VideoTokenCounts.AddAsync(batch, videoId, 1);
                return created;
            });
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            // The video was deleted between the check and the write: not found. Anything else is a real failure.
            if (await VideoExistsAsync(db, actor, videoId, CancellationToken.None))
            {
                throw;
            }
            return Result<TokenView>.NotFound();
        }
        metrics.TokenCreated();
        return Result<TokenView>.Ok(ToView(token, now));
    }

    private static AccessToken NewToken(Actor actor, string videoId, DateTime now) => new()
    {
        Code = NewCode(),
        OrganizationId = actor.OrganizationId,
        VideoId = videoId,
        CreatedAt = now,
        ModifiedAt = now,
        CreatedBy = actor.Name,
    };

    public async Task<Result<Page<TokenView>>> ListAsync(Actor actor, string videoId, TokenQuery query, CancellationToken cancellationToken = default)
    {
        if (!Videos.VideoIds.IsWellFormed(videoId))
        {
            return Result<Page<TokenView>>.NotFound();
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        // One read checks the video and counts: the total is kept per video; the active ones are the open tokens
        // with no time limit plus those still in time, two range counts over the open-token index, so the work
        // grows with the active tokens only, never with the expired history. Expired is the rest.
        var video = db.Videos.Where(v => v.Id == videoId && v.OrganizationId == actor.OrganizationId);
        var open = db.AccessTokens.Where(TokenStatusRule.IsOpen);
        var counts = query.Status == TokenStatusFilter.All
            ? await video.Select(v => new TokenCounts(db.VideoTokenCounts.Where(c => c.VideoId == v.Id).Select(c => c.Total).FirstOrDefault(), 0))
                .SingleOrDefaultAsync(cancellationToken)
            : await video.Select(v => new TokenCounts(
                    db.VideoTokenCounts.Where(c => c.VideoId == v.Id).Select(c => c.Total).FirstOrDefault(),
                    open.Count(t => t.VideoId == v.Id && t.ValidUntil == null) + open.Count(t => t.VideoId == v.Id && t.ValidUntil > now)))
                .SingleOrDefaultAsync(cancellationToken);
        if (counts is null)
        {
            return Result<Page<TokenView>>.NotFound();
        }

        var tokens = db.AccessTokens.AsNoTracking().Where(t => t.VideoId == videoId);
        tokens = query.Status switch
        {
            TokenStatusFilter.Active => tokens.Where(TokenStatusRule.Filter(now, active: true)),
            TokenStatusFilter.Expired => tokens.Where(TokenStatusRule.Filter(now, active: false)),
            _ => tokens,
        };
        var total = query.Status switch
        {
            TokenStatusFilter.Active => counts.Active,
            TokenStatusFilter.Expired => counts.Total - counts.Active,
            _ => counts.Total,
        };
        // Which ids first, from an index alone (a deep offset skips index entries, not rows), then those rows.
        var ids = Order(tokens, query).Window(query.Offset, query.Limit).Select(t => t.Id);
        var page = await Order(db.AccessTokens.AsNoTracking().Where(t => ids.Contains(t.Id)), query).ToListAsync(cancellationToken);
        return Result<Page<TokenView>>.Ok(new Page<TokenView>(page.Select(t => ToView(t, now)).ToList(), (int)Math.Min(int.MaxValue, total)));
    }

    private sealed record TokenCounts(long Total, long Active);

    private static IQueryable<AccessToken> Order(IQueryable<AccessToken> tokens, TokenQuery query) => (query.SortBy, query.Descending) switch
    {
        (TokenSort.ValidUntil, false) => tokens.OrderBy(t => t.ValidUntil == null).ThenBy(t => t.ValidUntil).ThenBy(t => t.Id),
        (TokenSort.ValidUntil, true) => tokens.OrderByDescending(t => t.ValidUntil == null).ThenByDescending(t => t.ValidUntil).ThenByDescending(t => t.Id),
        (TokenSort.Uses, false) => tokens.OrderBy(t => t.UseCount).ThenBy(t => t.Id),
        (TokenSort.Uses, true) => tokens.OrderByDescending(t => t.UseCount).ThenByDescending(t => t.Id),
        (_, false) => tokens.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id),
        _ => tokens.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id),
    };

    public async Task<Result<TokenView>> GetAsync(Actor actor, string videoId, Guid code, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await FindAsync(db, actor, videoId, code, tracking: false, cancellationToken);
        return token is null ? Result<TokenView>.NotFound() : Result<TokenView>.Ok(ToView(token, Now));
    }

    public async Task<Result<TokenView>> UpdateAsync(Actor actor, string videoId, Guid code, TokenChanges changes, CancellationToken cancellationToken = default)
    {
        if (!actor.CanEdit)
        {
            return Result<TokenView>.Forbidden(ReadOnlyRole);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await FindAsync(db, actor, videoId, code, tracking: true, cancellationToken);
        if (token is null)
        {
            return Result<TokenView>.NotFound();
        }

        var now = Now;
        var errors = Apply(token, changes, now);
        if (!errors.IsEmpty)
        {
            return Result<TokenView>.Invalid(errors);
        }
        token.ModifiedAt = now;
        db.TokenEvents.Add(new TokenEvent { AccessTokenId = token.Id, Kind = TokenEventKind.Updated, At = now, Actor = actor.Name, Detail = Describe(token) });
        await db.SaveChangesAsync(cancellationToken);
        return Result<TokenView>.Ok(ToView(token, now));
    }

    /// <summary>Revokes the token. It stays listed, as Expired. Revoking twice is harmless.</summary>
    public async Task<Result<TokenView>> RevokeAsync(Actor actor, string videoId, Guid code, CancellationToken cancellationToken = default)
    {
        var result = await RevokeManyAsync(actor, videoId, [code], cancellationToken);
        if (!result.IsOk)
        {
            return result.Status == ResultStatus.Forbidden ? Result<TokenView>.Forbidden(ReadOnlyRole) : Result<TokenView>.NotFound();
        }
        return await GetAsync(actor, videoId, code, cancellationToken);
    }

    /// <summary>Revokes several tokens of one video in one transaction; answers how many were newly revoked.</summary>
    public async Task<Result<int>> RevokeManyAsync(Actor actor, string videoId, IReadOnlyCollection<Guid> codes, CancellationToken cancellationToken = default)
    {
        if (!actor.CanEdit)
        {
            return Result<int>.Forbidden(ReadOnlyRole);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tokens = await db.AccessTokens
            .Where(t => t.VideoId == videoId && t.OrganizationId == actor.OrganizationId && codes.Contains(t.Code))
            .ToListAsync(cancellationToken);
        if (tokens.Count == 0 || tokens.Count != codes.Distinct().Count())
        {
            return Result<int>.NotFound();
        }
        var now = Now;
        var revoked = 0;
        foreach (var token in tokens.Where(t => t.RevokedAt is null))
        {
            token.RevokedAt = now;
            token.ModifiedAt = now;
            db.TokenEvents.Add(new TokenEvent { AccessTokenId = token.Id, Kind = TokenEventKind.Revoked, At = now, Actor = actor.Name });
            revoked++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return Result<int>.Ok(revoked);
    }

    /// <summary>The token's changes, newest first.</summary>
    public async Task<Result<IReadOnlyList<TokenEvent>>> HistoryAsync(Actor actor, string videoId, Guid code, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await FindAsync(db, actor, videoId, code, tracking: false, cancellationToken);
        if (token is null)
        {
            return Result<IReadOnlyList<TokenEvent>>.NotFound();
        }
        var events = await db.TokenEvents.AsNoTracking()
            .Where(e => e.AccessTokenId == token.Id)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Take(200)
            .ToListAsync(cancellationToken);
        return Result<IReadOnlyList<TokenEvent>>.Ok(events);
    }

    public TokenView ToView(AccessToken token, DateTime now) => new(
        token.Code,
        token.VideoId,
        TokenStatusRule.StatusAt(token, now),
        token.ValidUntil,
        token.ExpiresAfterFirstUsage,
        token.RevokedAt is not null,
        token.Annotations,
        token.UseCount,
        token.LastUsedAt,
        token.CreatedAt,
        token.ModifiedAt,
        token.CreatedBy,
        token.MaxConcurrentViewers,
        token.AllowedIps)
    { WhyInactive = TokenStatusRule.WhyInactive(token, now) };

    /// <summary>Validates all changes first, then applies them, so an invalid request changes nothing.</summary>
    private static ValidationErrors Apply(AccessToken token, TokenChanges changes, DateTime now)
    {
        var errors = new ValidationErrors();
        if (changes.TimeToLive.HasValue)
        {
            TokenRules.ValidateTimeToLive(changes.TimeToLive.Value, errors);
        }
        List<Annotation>? annotations = null;
        if (changes.Annotations.HasValue)
        {
            annotations = AnnotationRules.Validate(changes.Annotations.Value ?? [], errors);
        }
        if (changes.MaxConcurrentViewers.HasValue)
        {
            TokenRules.ValidateMaxConcurrentViewers(changes.MaxConcurrentViewers.Value, errors);
        }
        List<string>? allowedIps = null;
        if (changes.AllowedIps.HasValue)
        {
            allowedIps = TokenRules.ValidateAllowedIps(changes.AllowedIps.Value ?? [], errors);
        }
        if (!errors.IsEmpty)
        {
            return errors;
        }

        if (changes.TimeToLive.HasValue)
        {
            token.ValidUntil = changes.TimeToLive.Value is { } seconds ? now.AddSeconds(seconds) : null;
        }
        if (changes.ExpiresAfterFirstUsage.HasValue)
        {
            token.ExpiresAfterFirstUsage = changes.ExpiresAfterFirstUsage.Value;
        }
        if (annotations is not null)
        {
            token.Annotations = annotations;
        }
        if (changes.MaxConcurrentViewers.HasValue)
        {
            token.MaxConcurrentViewers = (int?)changes.MaxConcurrentViewers.Value;
        }
        if (allowedIps is not null)
        {
            token.AllowedIps = allowedIps;
        }
        return errors;
    }

    private static string Describe(AccessToken token)
    {
        var validity = token.ValidUntil is { } until ? $"valid until {Formats.Exact(until)}" : "no time limit";
        var use = token.ExpiresAfterFirstUsage ? "single use" : "reusable";
        var marks = token.Annotations.Count switch { 0 => "no watermark", 1 => "1 watermark text", var n => $"{n} watermark texts" };
        return $"{validity}, {use}, {marks}";
    }

    private static async Task<bool> VideoExistsAsync(AdminPortalDbContext db, Actor actor, string videoId, CancellationToken cancellationToken) =>
        Videos.VideoIds.IsWellFormed(videoId)
        && await db.Videos.AnyAsync(v => v.Id == videoId && v.OrganizationId == actor.OrganizationId, cancellationToken);

    private static async Task<AccessToken?> FindAsync(AdminPortalDbContext db, Actor actor, string videoId, Guid code, bool tracking, CancellationToken cancellationToken)
    {
        var tokens = tracking ? db.AccessTokens : db.AccessTokens.AsNoTracking();
        return await tokens.SingleOrDefaultAsync(
            t => t.Code == code && t.VideoId == videoId && t.OrganizationId == actor.OrganizationId, cancellationToken);
    }

    /// <summary>A version 4 UUID from the operating system's cryptographic generator.</summary>
    public static Guid NewCode()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid's little-endian field layout)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
