using AdminPortal.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddAdminPortal();

var app = builder.Build();
await app.MapAdminPortalAsync();
await app.RunAsync();

/// <summary>Entry point; public so tests can host the app.</summary>
public partial class Program;
