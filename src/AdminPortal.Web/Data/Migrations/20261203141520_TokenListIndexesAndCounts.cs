using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class TokenListIndexesAndCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AccessTokens_VideoId_RevokedAt_ValidUntil",
                table: "AccessTokens");

            migrationBuilder.CreateTable(
                name: "VideoTokenCounts",
                columns: table => new
                {
                    VideoId = table.Column<string>(type: "TEXT", nullable: false),
                    Total = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VideoTokenCounts", x => x.VideoId);
                    table.ForeignKey(
                        name: "FK_VideoTokenCounts_Videos_VideoId",
                        column: x => x.VideoId,
                        principalTable: "Videos",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccessTokens_Open_VideoId_ValidUntil",
                table: "AccessTokens",
                columns: new[] { "VideoId", "ValidUntil" },
                filter: "\"RevokedAt\" IS NULL AND (NOT (\"ExpiresAfterFirstUsage\") OR \"UseCount\" <= 0)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "VideoTokenCounts");

            migrationBuilder.DropIndex(
                name: "IX_AccessTokens_Open_VideoId_ValidUntil",
                table: "AccessTokens");

            migrationBuilder.CreateIndex(
                name: "IX_AccessTokens_VideoId_RevokedAt_ValidUntil",
                table: "AccessTokens",
                columns: new[] { "VideoId", "RevokedAt", "ValidUntil" });
        }
    }
}
