using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Tokens;

/// <summary>A preset as pages show it.</summary>
public sealed record PresetView(int Id, string Name, IReadOnlyList<Annotation> Annotations, bool IsDefault, DateTime ModifiedAt);

/// <summary>
/// Watermark presets: Editors and Admins save, rename and delete them; an Admin marks one as the organization's default,
/// which tokens created through the API without an "annotations" field receive.
/// </summary>
public sealed class WatermarkPresetService(IDbContextFactory<AdminPortalDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxNameLength = 100;
    public const int MaxPresets = 100;
    public const string NameField = "name";
    private const string EditorsOnly = "Your role can use presets but not change them.";
    private const string AdminsOnly = "Only Admins can choose the organization's default watermark.";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IReadOnlyList<PresetView>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var presets = await db.WatermarkPresets.AsNoTracking().Where(p => p.OrganizationId == actor.OrganizationId)
            .OrderBy(p => p.Name).ToListAsync(cancellationToken);
        return presets.Select(ToView).ToList();
    }

    public async Task<Result<PresetView>> SaveAsync(Actor actor, string? name, IReadOnlyList<AnnotationInput> annotations, CancellationToken cancellationToken = default)
    {
        if (!actor.CanEdit)
        {
            return Result<PresetView>.Forbidden(EditorsOnly);
        }
        var errors = new ValidationErrors();
        var checkedName = CheckName(name, errors);
        var list = AnnotationRules.Validate(annotations, errors);
        if (annotations.Count == 0)
        {
            errors.Add("annotations", "Add at least one watermark item before saving it as a preset.");
        }
        if (!errors.IsEmpty)
        {
            return Result<PresetView>.Invalid(errors);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = db.WatermarkPresets.Where(p => p.OrganizationId == actor.OrganizationId);
        if (await existing.AnyAsync(p => p.Name == checkedName, cancellationToken))
        {
            return Result<PresetView>.Invalid(NameField, $"There is already a preset called \"{checkedName}\"; choose another name.");
        }
        if (await existing.CountAsync(cancellationToken) >= MaxPresets)
        {
            return Result<PresetView>.Invalid(NameField, $"At most {MaxPresets} presets; delete one first.");
        }
        var now = Now;
        var preset = new WatermarkPreset
        {
            OrganizationId = actor.OrganizationId,
            Name = checkedName!,
            Annotations = list,
            CreatedAt = now,
            ModifiedAt = now,
            CreatedBy = actor.Name,
        };
        db.WatermarkPresets.Add(preset);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return Result<PresetView>.Invalid(NameField, $"There is already a preset called \"{checkedName}\"; choose another name.");
        }
        return Result<PresetView>.Ok(ToView(preset));
    }

    public async Task<Result<PresetView>> RenameAsync(Actor actor, int id, string? name, CancellationToken cancellationToken = default)
    {
        if (!actor.CanEdit)
        {
            return Result<PresetView>.Forbidden(EditorsOnly);
        }
        var errors = new ValidationErrors();
        var checkedName = CheckName(name, errors);
        if (!errors.IsEmpty)
        {
            return Result<PresetView>.Invalid(errors);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var preset = await db.WatermarkPresets.SingleOrDefaultAsync(p => p.Id == id && p.OrganizationId == actor.OrganizationId, cancellationToken);
        if (preset is null)
        {
            return Result<PresetView>.NotFound();
        }
        if (await db.WatermarkPresets.AnyAsync(p => p.OrganizationId == actor.OrganizationId && p.Name == checkedName && p.Id != id, cancellationToken))
        {
            return Result<PresetView>.Invalid(NameField, $"There is already a preset called \"{checkedName}\"; choose another name.");
        }
        preset.Name = checkedName!;
        preset.ModifiedAt = Now;
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return Result<PresetView>.Invalid(NameField, $"There is already a preset called \"{checkedName}\"; choose another name.");
        }
        return Result<PresetView>.Ok(ToView(preset));
    }

    /// <summary>Deletes the preset; tokens made from it keep their watermark. Deleting the default leaves the organization without one.</summary>
    public async Task<Result<bool>> DeleteAsync(Actor actor, int id, CancellationToken cancellationToken = default)
    {
        if (!actor.CanEdit)
        {
            return Result<bool>.Forbidden(EditorsOnly);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.WatermarkPresets.Where(p => p.Id == id && p.OrganizationId == actor.OrganizationId).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? Result<bool>.NotFound() : Result<bool>.Ok(true);
    }

    /// <summary>Makes the preset the organization's default (null: no default). One transaction, so there is never a second one.</summary>
    public async Task<Result<bool>> SetDefaultAsync(Actor actor, int? id, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<bool>.Forbidden(AdminsOnly);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var presets = db.WatermarkPresets.Where(p => p.OrganizationId == actor.OrganizationId);
        if (id is { } chosen && !await presets.AnyAsync(p => p.Id == chosen, cancellationToken))
        {
            return Result<bool>.NotFound();
        }
        await presets.Where(p => p.IsDefault && p.Id != id).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsDefault, false), cancellationToken);
        if (id is { } making)
        {
            await presets.Where(p => p.Id == making).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsDefault, true), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return Result<bool>.Ok(true);
    }

    /// <summary>The default preset's annotations, or null when the organization has none; read inside the caller's context.</summary>
    public static async Task<List<Annotation>?> DefaultAnnotationsAsync(AdminPortalDbContext db, int organizationId, CancellationToken cancellationToken) =>
        await db.WatermarkPresets.AsNoTracking()
            .Where(p => p.OrganizationId == organizationId && p.IsDefault)
            .Select(p => p.Annotations)
            .FirstOrDefaultAsync(cancellationToken);

    private static string? CheckName(string? name, ValidationErrors errors)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            errors.Add(NameField, "Give the preset a name.");
        }
        else if (trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl) || !TextRules.IsWellFormed(trimmed))
        {
            errors.Add(NameField, $"Use 1-{MaxNameLength} characters of text without line breaks.");
        }
        return trimmed;
    }

    private static async Task<bool> TrySaveAsync(AdminPortalDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Two saves of one name raced; the unique index let one through.
            return false;
        }
    }

    private static PresetView ToView(WatermarkPreset p) => new(p.Id, p.Name, p.Annotations, p.IsDefault, p.ModifiedAt);
}
