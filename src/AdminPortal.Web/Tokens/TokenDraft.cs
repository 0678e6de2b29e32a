using AdminPortal.Web.Common;

namespace AdminPortal.Web.Tokens;

public enum TimeToLiveUnit
{
    /// <summary>Editing only: leave the expiry as it is.</summary>
    Keep,
    Minutes,
    Hours,
    Days,
    Never,
}

/// <summary>One watermark text as the designer edits it. Interval and skip are in seconds here, milliseconds in the service.</summary>
public sealed class AnnotationDraft
{
    public string Type { get; set; } = AnnotationTypes.Static;
    public string Text { get; set; } = "";
    public string Color { get; set; } = AnnotationDefaults.Color;
    public double Opacity { get; set; } = (double)AnnotationDefaults.Opacity;
    public int Size { get; set; } = AnnotationDefaults.Size;
    public int X { get; set; } = AnnotationDefaults.X;
    public int Y { get; set; } = AnnotationDefaults.Y;
    public double IntervalSeconds { get; set; } = AnnotationDefaults.Interval / 1000d;
    public double SkipSeconds { get; set; } = AnnotationDefaults.Skip / 1000d;
    public string Anchor { get; set; } = AnnotationAnchors.TopLeft;

    /// <summary>Logo only: width as a share of the frame.</summary>
    public double Width { get; set; } = (double)AnnotationDefaults.LogoWidth;

    /// <summary>Logo only: moves around like dynamic text.</summary>
    public bool Moves { get; set; }

    public bool IsLogo => Type == AnnotationTypes.Logo;

    public bool IsDynamic => Type == AnnotationTypes.Dynamic || (IsLogo && Moves);

    public AnnotationDraft Copy() => (AnnotationDraft)MemberwiseClone();

    public AnnotationInput ToInput()
    {
        var common = new AnnotationInput
        {
            Type = Type,
            Opacity = Math.Round((decimal)Opacity, 2),
            X = X,
            Y = Y,
            Interval = Milliseconds(IntervalSeconds),
            Skip = Milliseconds(SkipSeconds),
            Anchor = Anchor,
        };
        return IsLogo
            ? common with { Width = double.IsFinite(Width) ? Math.Round((decimal)Math.Clamp(Width, -1, 2), 3) : 0, Dynamic = Moves }
            : common with { Text = Text, Color = Color, Size = Size };
    }

    public static AnnotationDraft From(Annotation a) => new()
    {
        Type = a.Type,
        Text = a.Text,
        Color = a.Color,
        Opacity = (double)a.Opacity,
        Size = a.Size,
        X = a.X,
        Y = a.Y,
        IntervalSeconds = a.Interval / 1000d,
        SkipSeconds = a.Skip / 1000d,
        Width = (double)a.Width,
        Moves = a.Moves,
        Anchor = a.Anchor,
    };

    // Out-of-range numbers saturate so the validator, not an overflow, reports them.
    private static int Milliseconds(double seconds) =>
        double.IsFinite(seconds) ? (int)Math.Clamp(Math.Round(seconds * 1000), int.MinValue, int.MaxValue) : int.MaxValue;
}

/// <summary>The token editor's form. Validation goes through the service's own rules, keyed as the API keys them.</summary>
public sealed class TokenDraft
{
    public long? Amount { get; set; } = 1;
    public TimeToLiveUnit Unit { get; set; } = TimeToLiveUnit.Days;
    public bool ExpiresAfterFirstUsage { get; set; }
    public List<AnnotationDraft> Annotations { get; set; } = [];

    /// <summary>Null: any number of viewers at once.</summary>
    public int? MaxConcurrentViewers { get; set; }

    /// <summary>Who the token is for; blank for nobody in particular.</summary>
    public string Viewer { get; set; } = "";

    /// <summary>Addresses or CIDR ranges, one per line (commas and spaces also separate); blank for anywhere.</summary>
    public string AllowedIps { get; set; } = "";

    public IReadOnlyList<string> AllowedIpList =>
        AllowedIps.Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Seconds from now, or null for no limit; only meaningful when <see cref="Unit"/> is not Keep.</summary>
    public long? TimeToLiveSeconds => Unit switch
    {
        TimeToLiveUnit.Never or TimeToLiveUnit.Keep => null,
        _ => Saturate((Amount ?? 0) * (decimal)Seconds(Unit)),
    };

    public static long Seconds(TimeToLiveUnit unit) => unit switch
    {
        TimeToLiveUnit.Minutes => 60,
        TimeToLiveUnit.Hours => 3600,
        TimeToLiveUnit.Days => 86_400,
        _ => 0,
    };

    public TokenChanges ToChanges() => new()
    {
        TimeToLive = Unit == TimeToLiveUnit.Keep ? Optional<long?>.Missing : TimeToLiveSeconds,
        ExpiresAfterFirstUsage = ExpiresAfterFirstUsage,
        Annotations = Annotations.Select(a => a.ToInput()).ToList(),
        MaxConcurrentViewers = (long?)MaxConcurrentViewers,
        AllowedIps = new Optional<IReadOnlyList<string>>(true, AllowedIpList),
        Viewer = new Optional<string?>(true, Viewer),
    };

    /// <summary>The same checks the service makes on save, so errors show next to the fields first.</summary>
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (Unit is not (TimeToLiveUnit.Keep or TimeToLiveUnit.Never))
        {
            // The service's rule decides; the message speaks in the unit the user chose.
            var ttl = new ValidationErrors();
            TokenRules.ValidateTimeToLive(TimeToLiveSeconds, ttl);
            if (Amount is null || !ttl.IsEmpty)
            {
                errors.Add("time_to_live", TokenRules.MessageIn(Unit.ToString().ToLowerInvariant(), Seconds(Unit)));
            }
        }
        AnnotationRules.Validate(Annotations.Select(a => a.ToInput()).ToList(), errors);
        if (MaxConcurrentViewers is < 1 or > TokenRules.MaxConcurrentViewersLimit)
        {
            // The service's rule, in the editor's words.
            errors.Add(TokenRules.MaxConcurrentViewersField, "Enter a whole number from 1 to 1,000, or leave it empty for no limit.");
        }
        TokenRules.ValidateAllowedIps(AllowedIpList, errors);
        TokenRules.ValidateViewer(Viewer, errors);
        return errors;
    }

    /// <summary>A new token's form with this token's settings and watermark: its time to live as first given, in the largest whole unit.</summary>
    public static TokenDraft Like(TokenView token)
    {
        var draft = From(token);
        if (token.ValidUntil is not { } until)
        {
            draft.Unit = TimeToLiveUnit.Never;
            return draft;
        }
        var seconds = (long)Math.Max(60, Math.Round((until - token.CreatedAt).TotalSeconds));
        (draft.Unit, draft.Amount) = seconds % 86_400 == 0 ? (TimeToLiveUnit.Days, seconds / 86_400)
            : seconds % 3600 == 0 ? (TimeToLiveUnit.Hours, seconds / 3600)
            : (TimeToLiveUnit.Minutes, (seconds + 59) / 60);
        return draft;
    }

    /// <summary>What the form holds, to tell whether it changed since it was loaded or saved.</summary>
    public string Snapshot() => System.Text.Json.JsonSerializer.Serialize(this);

    public static TokenDraft From(TokenView token) => new()
    {
        Amount = 1,
        Unit = TimeToLiveUnit.Keep,
        ExpiresAfterFirstUsage = token.ExpiresAfterFirstUsage,
        Annotations = token.Annotations.Select(AnnotationDraft.From).ToList(),
        MaxConcurrentViewers = token.MaxConcurrentViewers,
        AllowedIps = string.Join("\n", token.AllowedIps ?? []),
        Viewer = token.Viewer ?? "",
    };

    private static long Saturate(decimal seconds) => seconds > long.MaxValue ? long.MaxValue : seconds < long.MinValue ? long.MinValue : (long)seconds;
}
