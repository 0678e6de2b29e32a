using System.Text.Json;
using AdminPortal.Web.ApiAccess;
using AdminPortal.Web.Audit;
using AdminPortal.Web.Organizations;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
using AdminPortal.Web.Webhooks;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AdminPortal.Web.Data;

/// <summary>The app's data, on SQLite or PostgreSQL (<see cref="DatabaseSettings"/>); every query is the same on both.</summary>
public class AdminPortalDbContext(DbContextOptions<AdminPortalDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    /// <summary>Identity's tables, passkeys included; the design-time factories build the same model.</summary>
    public static readonly Version IdentitySchema = Microsoft.AspNetCore.Identity.IdentitySchemaVersions.Version3;

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Video> Videos => Set<Video>();
    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();
    public DbSet<TokenEvent> TokenEvents => Set<TokenEvent>();
    public DbSet<VideoTokenCount> VideoTokenCounts => Set<VideoTokenCount>();
    public DbSet<WatermarkPreset> WatermarkPresets => Set<WatermarkPreset>();
    public DbSet<OrganizationLogo> OrganizationLogos => Set<OrganizationLogo>();
    public DbSet<PlaybackRecord> PlaybackRecords => Set<PlaybackRecord>();
    public DbSet<PlaybackSession> PlaybackSessions => Set<PlaybackSession>();
    public DbSet<PlaybackDay> PlaybackDays => Set<PlaybackDay>();
    public DbSet<RefusedPlayback> RefusedPlaybacks => Set<RefusedPlayback>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<StaffSession> StaffSessions => Set<StaffSession>();
    public DbSet<StaffLink> StaffLinks => Set<StaffLink>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookMessage> WebhookMessages => Set<WebhookMessage>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>Data Protection's keys, shared by every instance (on PostgreSQL; SQLite keeps them in the data folder).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<SharedSecret> SharedSecrets => Set<SharedSecret>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps no time zone: every instant is stored and read back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ApplicationUser>(user =>
        {
            user.HasOne(u => u.Organization).WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            user.HasIndex(u => u.OrganizationId);
            user.Property(u => u.DisplayName).HasMaxLength(StaffRules.MaxNameLength);
        });

        builder.Entity<StaffSession>(session =>
        {
            session.Property(s => s.Id).HasMaxLength(64);
            session.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
            session.HasIndex(s => new { s.UserId, s.CreatedAt });
            session.Property(s => s.IpAddress).HasMaxLength(64);
            session.Property(s => s.UserAgent).HasMaxLength(512);
        });

        builder.Entity<StaffLink>(link =>
        {
            link.HasIndex(l => l.CodeHash).IsUnique();
            link.HasIndex(l => new { l.UserId, l.Purpose });
            link.HasOne<ApplicationUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
            link.Property(l => l.Purpose).HasConversion<string>().HasMaxLength(32);
        });

        builder.Entity<Organization>(org =>
        {
            org.Property(o => o.Code).HasMaxLength(32);
            org.Property(o => o.Name).HasMaxLength(200);
            org.HasIndex(o => o.Code).IsUnique();
        });

        builder.Entity<Video>(video =>
        {
            video.Property(v => v.Id).HasMaxLength(VideoIds.Length);
            video.Property(v => v.Title).HasMaxLength(VideoRules.MaxTitleLength);
            video.HasOne(v => v.Organization).WithMany().HasForeignKey(v => v.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            video.HasIndex(v => new { v.OrganizationId, v.CreatedAt });
            video.HasIndex(v => new { v.OrganizationId, v.Title });
            video.HasIndex(v => v.Status);
            video.Property(v => v.FailureReason).HasMaxLength(500);
            video.Property(v => v.ProtectedKey).HasMaxLength(1000);
        });

        builder.Entity<AccessToken>(token =>
        {
            token.HasIndex(t => t.Code).IsUnique();
            // Pages in creation order (the row id rides along in every SQLite index, so it also orders ties and
            // answers "which ids" for a deep page without touching the table).
            token.HasIndex(t => new { t.VideoId, t.CreatedAt });
            // Open tokens (neither revoked nor used up) by validity: the Active count is two ranges of this index.
            token.HasIndex(t => new { t.VideoId, t.ValidUntil }, "IX_AccessTokens_Open_VideoId_ValidUntil").HasFilter(TokenStatusRule.OpenSql);
            token.HasOne(t => t.Video).WithMany().HasForeignKey(t => t.VideoId).OnDelete(DeleteBehavior.Cascade);
            token.Property(t => t.CreatedBy).HasMaxLength(256);
            // Find a token by the 8 characters the grid shows, within the organization (and the rows still to backfill).
            token.Property(t => t.CodePrefix).HasMaxLength(8);
            token.HasIndex(t => new { t.CodePrefix, t.OrganizationId });
            // Viewer labels, searched by prefix within a video (the grid) and within the organization (the app bar).
            token.Property(t => t.Viewer).HasMaxLength(TokenRules.MaxViewerLength);
            token.Property(t => t.ViewerKey).HasMaxLength(2 * TokenRules.MaxViewerLength);
            token.HasIndex(t => new { t.VideoId, t.ViewerKey }).HasFilter("\"ViewerKey\" IS NOT NULL");
            token.HasIndex(t => new { t.OrganizationId, t.ViewerKey }).HasFilter("\"ViewerKey\" IS NOT NULL");
            token.Property(t => t.Annotations).HasConversion(AnnotationsConverter, AnnotationsComparer);
        });

        builder.Entity<OrganizationLogo>(logo =>
        {
            logo.HasKey(l => l.OrganizationId);
            logo.HasOne<Organization>().WithOne().HasForeignKey<OrganizationLogo>(l => l.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            logo.Property(l => l.ContentType).HasMaxLength(32);
        });

        builder.Entity<WatermarkPreset>(preset =>
        {
            preset.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            preset.Property(p => p.Name).HasMaxLength(WatermarkPresetService.MaxNameLength);
            preset.Property(p => p.CreatedBy).HasMaxLength(256);
            preset.HasIndex(p => new { p.OrganizationId, p.Name }).IsUnique();
            // At most one default per organization, held by the database.
            preset.HasIndex(p => p.OrganizationId, "IX_WatermarkPresets_Default").IsUnique().HasFilter("\"IsDefault\"");
            preset.Property(p => p.Annotations).HasConversion(AnnotationsConverter, AnnotationsComparer);
        });

        builder.Entity<VideoTokenCount>(count =>
        {
            count.HasKey(c => c.VideoId);
            count.HasOne<Video>().WithMany().HasForeignKey(c => c.VideoId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<TokenEvent>(e =>
        {
            e.HasIndex(t => new { t.AccessTokenId, t.At });
            e.HasOne<AccessToken>().WithMany(t => t.Events).HasForeignKey(t => t.AccessTokenId).OnDelete(DeleteBehavior.Cascade);
            e.Property(t => t.Actor).HasMaxLength(256);
        });

        builder.Entity<PlaybackRecord>(record =>
        {
            record.HasIndex(r => new { r.AccessTokenId, r.At });
            record.HasIndex(r => new { r.VideoId, r.At });
            record.HasOne<AccessToken>().WithMany().HasForeignKey(r => r.AccessTokenId).OnDelete(DeleteBehavior.Cascade);
            record.Property(r => r.IpAddress).HasMaxLength(PlaybackRecord.MaxIpAddressLength);
            record.Property(r => r.UserAgent).HasMaxLength(PlaybackRecord.MaxUserAgentLength);
            record.Property(r => r.Referrer).HasMaxLength(PlaybackRecord.MaxReferrerLength);
        });

        builder.Entity<PlaybackDay>(day =>
        {
            day.HasIndex(d => new { d.AccessTokenId, d.Day }).IsUnique();
            day.HasIndex(d => new { d.VideoId, d.Day });
            day.HasOne<AccessToken>().WithMany().HasForeignKey(d => d.AccessTokenId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<RefusedPlayback>(refused =>
        {
            refused.HasIndex(r => new { r.AccessTokenId, r.At });
            refused.HasIndex(r => r.At);
            refused.HasOne<AccessToken>().WithMany().HasForeignKey(r => r.AccessTokenId).OnDelete(DeleteBehavior.Cascade);
            refused.Property(r => r.VideoId).HasMaxLength(VideoIds.Length);
            refused.Property(r => r.Reason).HasConversion<string>().HasMaxLength(32);
            refused.Property(r => r.IpAddress).HasMaxLength(PlaybackRecord.MaxIpAddressLength);
            refused.Property(r => r.UserAgent).HasMaxLength(PlaybackRecord.MaxUserAgentLength);
            refused.Property(r => r.Referrer).HasMaxLength(PlaybackRecord.MaxReferrerLength);
        });

        builder.Entity<PlaybackSession>(session =>
        {
            session.Property(s => s.Id).HasMaxLength(32);
            session.Property(s => s.VideoId).HasMaxLength(VideoIds.Length);
            session.HasOne<AccessToken>().WithMany().HasForeignKey(s => s.AccessTokenId).OnDelete(DeleteBehavior.Cascade);
            session.HasOne<Video>().WithMany().HasForeignKey(s => s.VideoId).OnDelete(DeleteBehavior.Cascade);
            // Live sessions (not ended, heard from lately) per token and per video: the viewer limit and "Watching now".
            session.HasIndex(s => new { s.AccessTokenId, s.EndedAt, s.LastSeenAt });
            session.HasIndex(s => new { s.VideoId, s.EndedAt, s.LastSeenAt });
            session.HasIndex(s => new { s.VideoId, s.StartedAt });
            // Sessions gone silent whose end is not yet announced (playback.ended).
            session.HasIndex(s => new { s.EndNotified, s.EndedAt, s.LastSeenAt });
            session.Property(s => s.IpAddress).HasMaxLength(PlaybackRecord.MaxIpAddressLength);
            session.Property(s => s.UserAgent).HasMaxLength(PlaybackRecord.MaxUserAgentLength);
            session.Property(s => s.Referrer).HasMaxLength(PlaybackRecord.MaxReferrerLength);
        });

        builder.Entity<SharedSecret>(secret =>
        {
            secret.HasKey(s => s.Name);
            secret.Property(s => s.Name).HasMaxLength(64);
            secret.Property(s => s.Value).HasMaxLength(64);
        });

        builder.Entity<ApiKey>(key =>
        {
            key.HasIndex(k => k.KeyHash).IsUnique();
            key.HasOne<ApplicationUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
            key.HasIndex(k => new { k.OrganizationId, k.CreatedAt });
            key.Property(k => k.Name).HasMaxLength(100);
        });

        builder.Entity<WebhookEndpoint>(endpoint =>
        {
            endpoint.Property(e => e.PublicId).HasMaxLength(32);
            endpoint.HasIndex(e => e.PublicId).IsUnique();
            endpoint.HasIndex(e => new { e.OrganizationId, e.CreatedAt });
            endpoint.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            endpoint.Property(e => e.Url).HasMaxLength(WebhookAddressRules.MaxUrlLength);
            endpoint.Property(e => e.Description).HasMaxLength(WebhookRules.MaxDescriptionLength);
            endpoint.Property(e => e.Events).HasMaxLength(500);
            endpoint.Property(e => e.ProtectedSecret).HasMaxLength(1000);
            endpoint.Property(e => e.ProtectedPreviousSecret).HasMaxLength(1000);
            endpoint.Property(e => e.DisabledReason).HasMaxLength(500);
            endpoint.Ignore(e => e.EventList);
        });

        builder.Entity<WebhookMessage>(message =>
        {
            message.Property(m => m.PublicId).HasMaxLength(32);
            message.Property(m => m.Type).HasMaxLength(32);
            // The dispatcher's "not yet fanned out", oldest first.
            message.HasIndex(m => new { m.FannedOut, m.Id });
            message.HasIndex(m => m.CreatedAt);
            message.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<WebhookDelivery>(delivery =>
        {
            // Due deliveries, soonest first; and each endpoint's log, newest first.
            delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
            delivery.HasIndex(d => new { d.EndpointId, d.CreatedAt });
            delivery.HasOne(d => d.Message).WithMany().HasForeignKey(d => d.MessageId).OnDelete(DeleteBehavior.Cascade);
            delivery.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
            delivery.Property(d => d.LastResponse).HasMaxLength(WebhookDispatcher.ResponseExcerptLength);
        });

        builder.Entity<AuditEntry>(entry =>
        {
            // The page lists an organization's entries newest first, optionally of one action; retention deletes by time.
            entry.HasIndex(e => new { e.OrganizationId, e.At });
            entry.HasIndex(e => new { e.OrganizationId, e.Action, e.At });
            entry.HasIndex(e => e.At);
            entry.Property(e => e.ActorKind).HasConversion<string>().HasMaxLength(16);
            entry.Property(e => e.ActorId).HasMaxLength(450);
            entry.Property(e => e.ActorName).HasMaxLength(256);
            entry.Property(e => e.IpAddress).HasMaxLength(64);
            entry.Property(e => e.Action).HasMaxLength(64);
            entry.Property(e => e.TargetType).HasMaxLength(64);
            entry.Property(e => e.TargetId).HasMaxLength(256);
            entry.Property(e => e.Summary).HasMaxLength(AuditEntry.MaxSummaryLength);
        });
    }

    /// <summary>Annotations are stored as one JSON column, on tokens and presets alike.</summary>
    private static readonly ValueConverter<List<Annotation>, string> AnnotationsConverter = new(
        list => JsonSerializer.Serialize(list, JsonSerializerOptions.Default),
        json => JsonSerializer.Deserialize<List<Annotation>>(json, JsonSerializerOptions.Default) ?? new List<Annotation>());

    private static readonly ValueComparer<List<Annotation>> AnnotationsComparer = new(
        (a, b) => a!.SequenceEqual(b!),
        list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode())),
        list => list.ToList());

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        value => value.ToUniversalTime(),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
