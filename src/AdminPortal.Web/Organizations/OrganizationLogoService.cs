using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Organizations;

/// <summary>The logo as pages show it: its size, and a signed URL to draw it.</summary>
public sealed record LogoInfo(int Width, int Height, string ContentType, int Bytes, string Url);

/// <summary>
/// The organization's watermark logo: Admins upload and remove it; players and the staff preview get it through a
/// signed URL (<see cref="MediaSigner"/>), never a public one.
/// </summary>
public sealed class OrganizationLogoService(IDbContextFactory<AdminPortalDbContext> dbFactory, MediaSigner signer, TimeProvider clock)
{
    public const string Field = "logo";

    /// <summary>How long a signed logo URL works: as long as a served player page may wait before its viewer presses play.</summary>
    public static readonly TimeSpan UrlLifetime = PlaybackService.TicketLifetime;

    private const string AdminsOnly = "Only Admins can change the organization's logo.";

    public async Task<LogoInfo?> GetAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var logo = await db.OrganizationLogos.AsNoTracking().Where(l => l.OrganizationId == actor.OrganizationId)
            .Select(l => new { l.Width, l.Height, l.ContentType, Bytes = l.Data.Length, l.Version })
            .SingleOrDefaultAsync(cancellationToken);
        return logo is null ? null : new LogoInfo(logo.Width, logo.Height, logo.ContentType, logo.Bytes, SignedUrl(actor.OrganizationCode, logo.Version));
    }

    /// <summary>Checks the bytes (type, size, pixels) and stores the logo in place of the old one; a refused file stores nothing.</summary>
    public async Task<Result<LogoInfo>> UploadAsync(Actor actor, byte[] data, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<LogoInfo>.Forbidden(AdminsOnly);
        }
        var (image, problem) = LogoImage.Inspect(data);
        if (image is null)
        {
            return Result<LogoInfo>.Invalid(Field, problem!);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var logo = await db.OrganizationLogos.SingleOrDefaultAsync(l => l.OrganizationId == actor.OrganizationId, cancellationToken);
        if (logo is null)
        {
            logo = new OrganizationLogo { OrganizationId = actor.OrganizationId, ContentType = image.ContentType, Data = data };
            db.OrganizationLogos.Add(logo);
        }
        logo.ContentType = image.ContentType;
        logo.Data = data;
        logo.Width = image.Width;
        logo.Height = image.Height;
        logo.Version++;
        logo.UploadedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return Result<LogoInfo>.Ok(new LogoInfo(logo.Width, logo.Height, logo.ContentType, data.Length, SignedUrl(actor.OrganizationCode, logo.Version)));
    }

    /// <summary>Removes the logo; watermarks that place it then show nothing there.</summary>
    public async Task<Result<bool>> RemoveAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<bool>.Forbidden(AdminsOnly);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.OrganizationLogos.Where(l => l.OrganizationId == actor.OrganizationId).ExecuteDeleteAsync(cancellationToken);
        return Result<bool>.Ok(true);
    }

    /// <summary>The player's URL for the logo, or null when the organization has none; read inside the caller's context.</summary>
    public async Task<string?> PlayerUrlAsync(AdminPortalDbContext db, int organizationId, string organizationCode, CancellationToken cancellationToken)
    {
        var version = await db.OrganizationLogos.Where(l => l.OrganizationId == organizationId).Select(l => (int?)l.Version).SingleOrDefaultAsync(cancellationToken);
        return version is { } v ? SignedUrl(organizationCode, v) : null;
    }

    /// <summary>The image for a genuine, unexpired signed URL; null otherwise.</summary>
    public async Task<OrganizationLogo?> ReadAsync(string orgCode, int version, string path, string? expires, string? signature, CancellationToken cancellationToken)
    {
        if (!signer.IsValidPath(path, expires, signature))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.OrganizationLogos.AsNoTracking()
            .Where(l => l.Version == version && db.Organizations.Any(o => o.Id == l.OrganizationId && o.Code == orgCode))
            .SingleOrDefaultAsync(cancellationToken);
    }

    public static string PathOf(string orgCode, int version) => $"/logo/{Uri.EscapeDataString(orgCode)}/{version}";

    private string SignedUrl(string orgCode, int version)
    {
        // Expiry rounded up to the hour, so one page and the next share a URL and the browser's cache.
        var now = clock.GetUtcNow();
        var expires = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1).Add(UrlLifetime);
        var path = PathOf(orgCode, version);
        return path + signer.SignPath(path, expires);
    }
}

/// <summary>Serves the logo to players and the staff preview, only with a valid signature.</summary>
public static class LogoEndpoint
{
    public static IEndpointRouteBuilder MapLogoEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/logo/{orgCode}/{version:int}", async (string orgCode, int version, string? expires, string? signature, HttpContext context,
            OrganizationLogoService logos, CancellationToken cancellationToken) =>
        {
            var logo = await logos.ReadAsync(orgCode, version, OrganizationLogoService.PathOf(orgCode, version), expires, signature, cancellationToken);
            if (logo is null)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
            context.Response.Headers.CacheControl = "private, max-age=3600";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
            return Results.Bytes(logo.Data, logo.ContentType);
        }).AllowAnonymous();
        return app;
    }
}
