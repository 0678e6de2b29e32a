using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class StaffTools : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CodePrefix",
                table: "AccessTokens",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Viewer",
                table: "AccessTokens",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ViewerKey",
                table: "AccessTokens",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AccessTokens_CodePrefix_OrganizationId",
                table: "AccessTokens",
                columns: new[] { "CodePrefix", "OrganizationId" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessTokens_OrganizationId_ViewerKey",
                table: "AccessTokens",
                columns: new[] { "OrganizationId", "ViewerKey" },
                filter: "\"ViewerKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AccessTokens_VideoId_ViewerKey",
                table: "AccessTokens",
                columns: new[] { "VideoId", "ViewerKey" },
                filter: "\"ViewerKey\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AccessTokens_CodePrefix_OrganizationId",
                table: "AccessTokens");

            migrationBuilder.DropIndex(
                name: "IX_AccessTokens_OrganizationId_ViewerKey",
                table: "AccessTokens");

            migrationBuilder.DropIndex(
                name: "IX_AccessTokens_VideoId_ViewerKey",
                table: "AccessTokens");

            migrationBuilder.DropColumn(
                name: "CodePrefix",
                table: "AccessTokens");

            migrationBuilder.DropColumn(
                name: "Viewer",
                table: "AccessTokens");

            migrationBuilder.DropColumn(
                name: "ViewerKey",
                table: "AccessTokens");
        }
    }
}
