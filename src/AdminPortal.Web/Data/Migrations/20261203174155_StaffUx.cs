using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class StaffUx : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Refused",
                table: "PlaybackDays",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "FromLogin",
                table: "ApiKeys",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "RefusedPlaybacks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccessTokenId = table.Column<long>(type: "INTEGER", nullable: false),
                    VideoId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AtStart = table.Column<bool>(type: "INTEGER", nullable: false),
                    Limit = table.Column<int>(type: "INTEGER", nullable: true),
                    IpAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UserAgent = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    Referrer = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RefusedPlaybacks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RefusedPlaybacks_AccessTokens_AccessTokenId",
                        column: x => x.AccessTokenId,
                        principalTable: "AccessTokens",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RefusedPlaybacks_AccessTokenId_At",
                table: "RefusedPlaybacks",
                columns: new[] { "AccessTokenId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_RefusedPlaybacks_At",
                table: "RefusedPlaybacks",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RefusedPlaybacks");

            migrationBuilder.DropColumn(
                name: "Refused",
                table: "PlaybackDays");

            migrationBuilder.DropColumn(
                name: "FromLogin",
                table: "ApiKeys");
        }
    }
}
