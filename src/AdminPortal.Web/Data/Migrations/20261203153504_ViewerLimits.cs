using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ViewerLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PlaybackSessions_AccessTokenId_EndedAt",
                table: "PlaybackSessions");

            migrationBuilder.AddColumn<string>(
                name: "AllowedIps",
                table: "AccessTokens",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<int>(
                name: "MaxConcurrentViewers",
                table: "AccessTokens",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlaybackSessions_AccessTokenId_EndedAt_LastSeenAt",
                table: "PlaybackSessions",
                columns: new[] { "AccessTokenId", "EndedAt", "LastSeenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PlaybackSessions_VideoId_EndedAt_LastSeenAt",
                table: "PlaybackSessions",
                columns: new[] { "VideoId", "EndedAt", "LastSeenAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PlaybackSessions_AccessTokenId_EndedAt_LastSeenAt",
                table: "PlaybackSessions");

            migrationBuilder.DropIndex(
                name: "IX_PlaybackSessions_VideoId_EndedAt_LastSeenAt",
                table: "PlaybackSessions");

            migrationBuilder.DropColumn(
                name: "AllowedIps",
                table: "AccessTokens");

            migrationBuilder.DropColumn(
                name: "MaxConcurrentViewers",
                table: "AccessTokens");

            migrationBuilder.CreateIndex(
                name: "IX_PlaybackSessions_AccessTokenId_EndedAt",
                table: "PlaybackSessions",
                columns: new[] { "AccessTokenId", "EndedAt" });
        }
    }
}
