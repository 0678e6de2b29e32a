using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class HlsPlaybackSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FailureReason",
                table: "Videos",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ProcessingPercent",
                table: "Videos",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ProtectedKey",
                table: "Videos",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PlaybackSessions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CredentialHash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    AccessTokenId = table.Column<long>(type: "INTEGER", nullable: true),
                    VideoId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    IsStaffPreview = table.Column<bool>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndReason = table.Column<int>(type: "INTEGER", nullable: true),
                    SecondsWatched = table.Column<double>(type: "REAL", nullable: false),
                    FurthestPosition = table.Column<double>(type: "REAL", nullable: false),
                    IpAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UserAgent = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    Referrer = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlaybackSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlaybackSessions_AccessTokens_AccessTokenId",
                        column: x => x.AccessTokenId,
                        principalTable: "AccessTokens",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PlaybackSessions_Videos_VideoId",
                        column: x => x.VideoId,
                        principalTable: "Videos",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Videos_Status",
                table: "Videos",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_PlaybackSessions_AccessTokenId_EndedAt",
                table: "PlaybackSessions",
                columns: new[] { "AccessTokenId", "EndedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PlaybackSessions_VideoId_StartedAt",
                table: "PlaybackSessions",
                columns: new[] { "VideoId", "StartedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlaybackSessions");

            migrationBuilder.DropIndex(
                name: "IX_Videos_Status",
                table: "Videos");

            migrationBuilder.DropColumn(
                name: "FailureReason",
                table: "Videos");

            migrationBuilder.DropColumn(
                name: "ProcessingPercent",
                table: "Videos");

            migrationBuilder.DropColumn(
                name: "ProtectedKey",
                table: "Videos");
        }
    }
}
