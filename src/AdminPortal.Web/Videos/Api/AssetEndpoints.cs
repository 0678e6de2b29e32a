using System.ComponentModel;
using System.Text.Json.Serialization;
using AdminPortal.Web.ApiAccess;
using AdminPortal.Web.Common;
using AdminPortal.Web.Playback;
using Microsoft.AspNetCore.Mvc;

namespace AdminPortal.Web.Videos.Api;

/// <summary>A video as the TPStreams assets API answers it.</summary>
public sealed record AssetJson(
    [property: JsonPropertyName("id"), Description("Opaque, URL-safe, unguessable asset id (16 characters).")] string Id,
    [property: JsonPropertyName("title"), Description("The video's title.")] string Title,
    [property: JsonPropertyName("type"), Description("Always \"video\".")] string Type,
    [property: JsonPropertyName("bytes"), Description("Size of the video file in bytes.")] long Bytes,
    [property: JsonPropertyName("created"), Description("When the video was added, UTC.")] DateTime Created,
    [property: JsonPropertyName("video"), Description("Playback details.")] AssetVideoJson Video);

public sealed record AssetVideoJson(
    [property: JsonPropertyName("status"), Description("\"Completed\" when playable; \"Processing\" or \"Failed\" otherwise.")] string Status,
    [property: JsonPropertyName("duration"), Description("Length in whole seconds.")] int Duration,
    [property: JsonPropertyName("preview_thumbnail_url"), Description("Absolute URL of the poster image, or null when there is none.")] string? PreviewThumbnailUrl,
    [property: JsonPropertyName("cover_thumbnail_url"), Description("Absolute URL of the cover image, or null when there is none.")] string? CoverThumbnailUrl);

/// <summary>The organization's videos over HTTP: <c>/api/v1/{org_code}/assets/</c>.</summary>
public static class AssetEndpoints
{
    public static RouteGroupBuilder MapAssetEndpoints(this RouteGroupBuilder api)
    {
        var assets = api.MapGroup("/v1/{org_code}/assets").WithTags("Assets");
        assets.MapGet("/", ListAsync)
            .WithName("ListAssets").WithSummary("List the organization's videos")
            .WithDescription("Newest first, limit/offset pagination (limit defaults to 50, at most 100).")
            .Produces<LimitOffsetPage<AssetJson>>().ProducesErrors(write: false);
        assets.MapGet("/{asset_id}", GetAsync)
            .WithName("GetAsset").WithSummary("View one video")
            .Produces<AssetJson>().ProducesErrors(write: false);
        return api;
    }

    private static async Task<IResult> ListAsync([FromRoute(Name = "org_code")] string orgCode,
        [FromQuery(Name = "limit")] string? limit, [FromQuery(Name = "offset")] string? offset,
        HttpContext context, VideoCatalog catalog, PlaybackUrls urls, CancellationToken cancellationToken)
    {
        if (ApiActor.For(context, orgCode) is not { } actor)
        {
            return ApiJson.NotFound();
        }
        var errors = new ValidationErrors();
        var (take, skip) = ApiPaging.LimitOffset(limit, offset, errors);
        if (!errors.IsEmpty)
        {
            return ApiJson.Invalid(errors);
        }
        var page = await catalog.ListAsync(actor, new VideoQuery(Offset: skip, Limit: take), cancellationToken);
        var baseUrl = urls.BaseUrl(context.Request);
        var items = page.Items.Select(v => ToJson(baseUrl, v.Id, v.Title, v.Bytes, v.CreatedAt, v.Status, v.DurationSeconds, v.ThumbnailUrl)).ToList();
        return ApiJson.Ok(ApiPaging.LimitOffsetPage(context.Request, baseUrl, new Page<AssetJson>(items, page.TotalCount), take, skip));
    }

    private static async Task<IResult> GetAsync([FromRoute(Name = "org_code")] string orgCode, [FromRoute(Name = "asset_id")] string assetId,
        HttpContext context, VideoCatalog catalog, PlaybackUrls urls, CancellationToken cancellationToken)
    {
        if (ApiActor.For(context, orgCode) is not { } actor || await catalog.FindAsync(actor, assetId, cancellationToken) is not { } video)
        {
            return ApiJson.NotFound();
        }
        return ApiJson.Ok(ToJson(urls.BaseUrl(context.Request), video.Id, video.Title, video.Bytes, video.CreatedAt, video.Status,
            video.DurationSeconds, MediaStore.ThumbnailUrl(video)));
    }

    private static AssetJson ToJson(string baseUrl, string id, string title, long bytes, DateTime created, VideoStatus status, int duration, string? thumbnail)
    {
        var thumbnailUrl = thumbnail is null ? null : baseUrl + thumbnail;
        return new AssetJson(id, title, "video", bytes, created, new AssetVideoJson(status.ToString(), duration, thumbnailUrl, thumbnailUrl));
    }
}
