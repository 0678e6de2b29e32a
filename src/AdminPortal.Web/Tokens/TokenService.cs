using System.Security.Cryptography;
using AdminPortal.Web.Audit;
using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Webhooks;
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

    /// <summary>Who the token is for; null or blank removes the label.</summary>
    public Optional<string?> Viewer { get; init; }
}

public enum TokenStatusFilter
{
    All,
    Active,

    /// <summary>Any inactive token, as the published API means it.</summary>
    Expired,

    /// <summary>The portal's states of an ended token (see <see cref="TokenState"/>): past its time, played once, revoked.</summary>
    TimedOut,
    Used,
    Revoked,
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
    int Limit = 20,
    string? Search = null);

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
    IReadOnlyList<string>? AllowedIps = null,
    string? Viewer = null)
{
    /// <summary>Null while active; computed by <see cref="TokenStatusRule"/>, never re-derived by a caller.</summary>
    public InactiveReason? WhyInactive { get; init; }

    /// <summary>The portal's real state (Active, Expired, Used, Revoked).</summary>
    public TokenState State => TokenStatusRule.State(WhyInactive);

    /// <summary>When an ended token ended, for "ended 3 minutes ago"; null while active.</summary>
    public DateTime? EndedAt { get; init; }
}

/// <summary>A token found across the organization, with its video's title.</summary>
public sealed record FoundToken(TokenView Token, string VideoTitle);

/// <summary>
/// The one token service: the staff UI and the REST API go through it; the player's use of tokens lives in Playback.
/// Every call is scoped to the actor's organization; a video or code elsewhere is simply not found.
/// </summary>
public sealed class TokenService(IDbContextFactory<AdminPortalDbContext> dbFactory, GroupCommitWriter writer, WebhookOutbox outbox, IAuditLog audit,
    Hosting.PortalMetrics metrics, TimeProvider clock)
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

        if (!changes.Annotations.HasValue
            && await WatermarkPresetService.DefaultAnnotationsAsync(db, actor.OrganizationId, cancellationToken) is { } preset)
        {
            // No "annotations" field at all: the organization's default preset (an explicit [] means none).
            changes = changes with { Annotations = preset.Select(AnnotationInput.From).ToList() };
        }
        var now = Now;
        var errors = Apply(NewToken(actor, videoId, now), changes, now);
        if (!errors.IsEmpty)
        {
            return Result<TokenView>.Invalid(errors);
        }

        // The token, its "created" event, its audit entry and its webhook event commit together, in a batch with whatever
        // other creates are waiting. The caller hears 201 only after the commit.
        var webhook = await outbox.WantsAsync(actor.OrganizationId, WebhookEvents.TokenCreated, cancellationToken);
        var who = await audit.WhoAsync(db, actor, cancellationToken);
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
                audit.Stage(batch, new AuditRecord(actor.OrganizationId, who, AuditActions.TokenCreated, "token", created.Code.ToString(), Describe(created)));
                if (webhook)
                {
                    outbox.Stage(batch, actor.OrganizationId, WebhookEvents.TokenCreated, EventData(created, now, actor), now);
                }
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

    /// <summary>The most tokens one "create many" makes.</summary>
    public const int MaxBatch = ViewerCsv.MaxRows;

    /// <summary>
    /// Creates one token per entry of <paramref name="viewers"/> (null: no label), all with the same settings, in one
    /// transaction: all of them or none. Progress counts the tokens written so far (the commit comes after the last).
    /// </summary>
    public async Task<Result<IReadOnlyList<TokenView>>> CreateManyAsync(Actor actor, string videoId, TokenChanges settings, IReadOnlyList<string?> viewers,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!actor.CanEdit)
        {
            return Result<IReadOnlyList<TokenView>>.Forbidden(ReadOnlyRole);
        }
        if (viewers.Count is < 1 or > MaxBatch)
        {
            return Result<IReadOnlyList<TokenView>>.Invalid("count", $"Create from 1 to {MaxBatch:N0} tokens at once.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await VideoExistsAsync(db, actor, videoId, cancellationToken))
        {
            return Result<IReadOnlyList<TokenView>>.NotFound();
        }
        var now = Now;
        var errors = Apply(NewToken(actor, videoId, now), settings with { Viewer = Optional<string?>.Missing }, now);
        var labels = new string?[viewers.Count];
        for (var i = 0; i < viewers.Count; i++)
        {
            labels[i] = TokenRules.ValidateViewer(viewers[i], errors, $"viewers[{i}]");
        }
        if (!errors.IsEmpty)
        {
            return Result<IReadOnlyList<TokenView>>.Invalid(errors);
        }

        const int Chunk = 1000;
        var created = new List<AccessToken>(labels.Length);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            for (var start = 0; start < labels.Length; start += Chunk)
            {
                foreach (var label in labels.Skip(start).Take(Chunk))
                {
                    var token = NewToken(actor, videoId, now);
                    Apply(token, settings with { Viewer = new Optional<string?>(true, label) }, now);
                    token.Events.Add(new TokenEvent { Kind = TokenEventKind.Created, At = now, Actor = actor.Name, Detail = Describe(token) });
                    db.AccessTokens.Add(token);
                    created.Add(token);
                }
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                progress?.Report(created.Count);
            }
            await VideoTokenCounts.AddAsync(db, videoId, created.Count);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            // The video was deleted meanwhile: not found, and nothing was created. Anything else is a real failure.
            if (await VideoExistsAsync(db, actor, videoId, CancellationToken.None))
            {
                throw;
            }
            return Result<IReadOnlyList<TokenView>>.NotFound();
        }
        return Result<IReadOnlyList<TokenView>>.Ok(created.Select(t => ToView(t, now)).ToList());
    }

    private static AccessToken NewToken(Actor actor, string videoId, DateTime now) => NewToken(actor, videoId, now, NewCode());

    private static AccessToken NewToken(Actor actor, string videoId, DateTime now, Guid code) => new()
    {
        Code = code,
        CodePrefix = TokenRules.CodePrefix(code),
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
        var search = TokenSearch.Parse(query.Search);
        if (search is not null)
        {
            tokens = search.Apply(tokens, actor.OrganizationId);
        }
        tokens = query.Status switch
        {
            TokenStatusFilter.Active => tokens.Where(TokenStatusRule.Filter(now, active: true)),
            TokenStatusFilter.Expired => tokens.Where(TokenStatusRule.Filter(now, active: false)),
            TokenStatusFilter.TimedOut => tokens.Where(TokenStatusRule.InactiveBecause(InactiveReason.TimedOut, now)),
            TokenStatusFilter.Used => tokens.Where(TokenStatusRule.InactiveBecause(InactiveReason.UsedUp, now)),
            TokenStatusFilter.Revoked => tokens.Where(TokenStatusRule.InactiveBecause(InactiveReason.Revoked, now)),
            _ => tokens,
        };
        // A search counts its matches (an index range); the portal's finer states are counted over the video's tokens
        // (staff pages only); otherwise the kept totals answer.
        var total = search is not null
            ? await tokens.LongCountAsync(cancellationToken)
            : query.Status switch
            {
                TokenStatusFilter.Active => counts.Active,
                TokenStatusFilter.Expired => counts.Total - counts.Active,
                TokenStatusFilter.All => counts.Total,
                _ => await tokens.LongCountAsync(cancellationToken),
            };
        // Which ids first, from an index alone (a deep offset skips index entries, not rows), then those rows.
        var ids = Order(tokens, query).Window(query.Offset, query.Limit).Select(t => t.Id);
        var page = await Order(db.AccessTokens.AsNoTracking().Where(t => ids.Contains(t.Id)), query).ToListAsync(cancellationToken);
        return Result<Page<TokenView>>.Ok(new Page<TokenView>(page.Select(t => ToView(t, now)).ToList(), (int)Math.Min(int.MaxValue, total)));
    }

    private sealed record TokenCounts(long Total, long Active);

    /// <summary>
    /// Every token the grid's filter and search show, newest first, read a page at a time (each page a short-lived
    /// context and an index range after the last row), so a million-token export streams in constant memory.
    /// Null when the video is not the organization's.
    /// </summary>
    public async Task<IAsyncEnumerable<TokenView>?> ExportAsync(Actor actor, string videoId, TokenStatusFilter status, string? search,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await VideoExistsAsync(db, actor, videoId, cancellationToken) ? Pages(actor, videoId, status, TokenSearch.Parse(search), cancellationToken) : null;
    }

    private async IAsyncEnumerable<TokenView> Pages(Actor actor, string videoId, TokenStatusFilter status, TokenSearch? search,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int PageSize = 1000;
        var now = Now;
        (DateTime CreatedAt, long Id)? after = null;
        while (true)
        {
            List<AccessToken> page;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var tokens = db.AccessTokens.AsNoTracking().Where(t => t.VideoId == videoId);
                tokens = search?.Apply(tokens, actor.OrganizationId) ?? tokens;
                tokens = status switch
                {
                    TokenStatusFilter.Active => tokens.Where(TokenStatusRule.Filter(now, active: true)),
                    TokenStatusFilter.Expired => tokens.Where(TokenStatusRule.Filter(now, active: false)),
                    _ => tokens,
                };
                if (after is { } last)
                {
                    tokens = tokens.Where(t => t.CreatedAt < last.CreatedAt || (t.CreatedAt == last.CreatedAt && t.Id < last.Id));
                }
                page = await tokens.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Take(PageSize).ToListAsync(cancellationToken);
            }
            foreach (var token in page)
            {
                yield return ToView(token, now);
            }
            if (page.Count < PageSize)
            {
                yield break;
            }
            after = (page[^1].CreatedAt, page[^1].Id);
        }
    }

    /// <summary>The tokens with these codes on this video, for downloading a selection again.</summary>
    public async Task<IReadOnlyList<TokenView>> GetManyAsync(Actor actor, string videoId, IReadOnlyCollection<Guid> codes, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        var tokens = await db.AccessTokens.AsNoTracking()
            .Where(t => t.VideoId == videoId && t.OrganizationId == actor.OrganizationId && codes.Contains(t.Code))
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .ToListAsync(cancellationToken);
        return tokens.Select(t => ToView(t, now)).ToList();
    }

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
        var before = Describe(token);
        var errors = Apply(token, changes, now);
        if (!errors.IsEmpty)
        {
            return Result<TokenView>.Invalid(errors);
        }
        token.ModifiedAt = now;
        db.TokenEvents.Add(new TokenEvent { AccessTokenId = token.Id, Kind = TokenEventKind.Updated, At = now, Actor = actor.Name, Detail = Describe(token) });
        await audit.StageAsync(db, actor, AuditActions.TokenUpdated, "token", token.Code.ToString(), $"{before} → {Describe(token)}", cancellationToken);
        await outbox.StageIfWantedAsync(db, actor.OrganizationId, WebhookEvents.TokenUpdated, EventData(token, now, actor), now, cancellationToken);
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
        var webhook = await outbox.WantsAsync(actor.OrganizationId, WebhookEvents.TokenRevoked, cancellationToken);
        var revoked = new List<AccessToken>();
        foreach (var token in tokens.Where(t => t.RevokedAt is null))
        {
            token.RevokedAt = now;
            token.ModifiedAt = now;
            db.TokenEvents.Add(new TokenEvent { AccessTokenId = token.Id, Kind = TokenEventKind.Revoked, At = now, Actor = actor.Name });
            if (webhook)
            {
                outbox.Stage(db, actor.OrganizationId, WebhookEvents.TokenRevoked, EventData(token, now, actor), now);
            }
            revoked.Add(token);
        }
        if (revoked.Count == 1)
        {
            await audit.StageAsync(db, actor, AuditActions.TokenRevoked, "token", revoked[0].Code.ToString(), $"video {videoId}", cancellationToken);
        }
        else if (revoked.Count > 1)
        {
            await audit.StageAsync(db, actor, AuditActions.TokensRevoked, "video", videoId,
                $"{revoked.Count} tokens: {string.Join(", ", revoked.Select(t => t.Code))}", cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return Result<int>.Ok(revoked.Count);
    }

    /// <summary>The most tokens "find" answers; a longer list means the term is too short to be useful.</summary>
    public const int MaxFound = 20;

    /// <summary>
    /// Finds tokens across the organization's videos by a whole code, its first 8 characters, or the start of a viewer
    /// label. Each lookup is an index seek scoped to the actor's organization; other organizations' tokens never match.
    /// </summary>
    public async Task<IReadOnlyList<FoundToken>> FindAsync(Actor actor, string? text, CancellationToken cancellationToken = default)
    {
        if (TokenSearch.Parse(text) is not { } search)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        var found = await FindAsync(db, search, actor.OrganizationId, cancellationToken);
        if (search.Kind == TokenSearchKind.CodePrefix && found.Count < MaxFound)
        {
            // Eight hex digits may also be a student id.
            found.AddRange((await FindAsync(db, search.AsViewer(), actor.OrganizationId, cancellationToken)).Where(f => found.All(g => g.Token.Id != f.Token.Id)));
        }
        return found.Take(MaxFound).Select(f => new FoundToken(ToView(f.Token, now), f.Title)).ToList();
    }

    private sealed record Match(AccessToken Token, string Title);

    private static async Task<List<Match>> FindAsync(AdminPortalDbContext db, TokenSearch search, int organizationId, CancellationToken cancellationToken)
    {
        var tokens = search.Apply(db.AccessTokens.AsNoTracking().Where(t => t.OrganizationId == organizationId), organizationId);
        tokens = search.Kind == TokenSearchKind.Viewer ? tokens.OrderBy(t => t.ViewerKey).ThenBy(t => t.Id) : tokens.OrderBy(t => t.Id);
        return await tokens.Take(MaxFound).Select(t => new Match(t, t.Video!.Title)).ToListAsync(cancellationToken);
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
        token.AllowedIps,
        token.Viewer)
    {
        WhyInactive = TokenStatusRule.WhyInactive(token, now),
        EndedAt = TokenStatusRule.EndedAt(token, TokenStatusRule.WhyInactive(token, now)),
    };

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
        string? viewer = null;
        if (changes.Viewer.HasValue)
        {
            viewer = TokenRules.ValidateViewer(changes.Viewer.Value, errors);
        }
        if (!errors.IsEmpty)
        {
            return errors;
        }

        if (changes.Viewer.HasValue)
        {
            token.Viewer = viewer;
            token.ViewerKey = TokenRules.ViewerKey(viewer);
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

    /// <summary>A token in webhook events: what the API answers about it, and who changed it.</summary>
    private static object EventData(AccessToken token, DateTime now, Actor actor) => new
    {
        code = token.Code,
        asset_id = token.VideoId,
        status = TokenStatusRule.StatusAt(token, now).ToString(),
        valid_until = token.ValidUntil is { } until ? ApiAccess.ApiJson.FormatTime(until) : null,
        expires_after_first_usage = token.ExpiresAfterFirstUsage,
        revoked = token.RevokedAt is not null,
        max_concurrent_viewers = token.MaxConcurrentViewers,
        allowed_ips = token.AllowedIps,
        changed_by = actor.ApiKeyId is { } key ? $"API key {key} ({actor.Name})" : actor.Name,
    };

    private static string Describe(AccessToken token)
    {
        var validity = token.ValidUntil is { } until ? $"valid until {Formats.Exact(until)}" : "no time limit";
        var use = token.ExpiresAfterFirstUsage ? "single use" : "reusable";
        var marks = token.Annotations.Count switch { 0 => "no watermark", 1 => "1 watermark text", var n => $"{n} watermark texts" };
        var named = token.Viewer is null ? "" : $", for {token.Viewer}";
        return $"{validity}, {use}, {marks}{named}";
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
