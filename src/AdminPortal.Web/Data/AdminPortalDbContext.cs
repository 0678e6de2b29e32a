using System.Text.Json;
using AdminPortal.Web.ApiAccess;
using AdminPortal.Web.Organizations;
using AdminPortal.Web.Playback;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Tokens;
using AdminPortal.Web.Videos;
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
    public DbSet<PlaybackRecord> PlaybackRecords => Set<PlaybackRecord>();
    public DbSet<PlaybackSession> PlaybackSessions => Set<PlaybackSession>();
    public DbSet<PlaybackDay> PlaybackDays => Set<PlaybackDay>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<StaffSession> StaffSessions => Set<StaffSession>();
    public DbSet<StaffLink> StaffLinks => Set<StaffLink>();

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
            token.Property(t => t.Annotations).HasConversion(
                list => JsonSerializer.Serialize(list, JsonSerializerOptions.Default),
                json => JsonSerializer.Deserialize<List<Annotation>>(json, JsonSerializerOptions.Default) ?? new List<Annotation>(),
                new ValueComparer<List<Annotation>>(
                    (a, b) => a!.SequenceEqual(b!),
                    list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode())),
                    list => list.ToList()));
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
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        value => value.ToUniversalTime(),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
