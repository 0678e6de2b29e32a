using System;
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

            migrationBuilder.CreateTable(
                name: "OrganizationLogos",
                columns: table => new
                {
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: false),
                    Height = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrganizationLogos", x => x.OrganizationId);
                    table.ForeignKey(
                        name: "FK_OrganizationLogos_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WatermarkPresets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Annotations = table.Column<string>(type: "TEXT", nullable: false),
                    IsDefault = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ModifiedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WatermarkPresets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WatermarkPresets_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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

            migrationBuilder.CreateIndex(
                name: "IX_WatermarkPresets_Default",
                table: "WatermarkPresets",
                column: "OrganizationId",
                unique: true,
                filter: "\"IsDefault\"");

            migrationBuilder.CreateIndex(
                name: "IX_WatermarkPresets_OrganizationId_Name",
                table: "WatermarkPresets",
                columns: new[] { "OrganizationId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OrganizationLogos");

            migrationBuilder.DropTable(
                name: "WatermarkPresets");

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
