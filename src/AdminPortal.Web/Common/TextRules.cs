using System.Text;

namespace AdminPortal.Web.Common;

/// <summary>Checks on free text from forms and the API.</summary>
public static class TextRules
{
    public const string NotWellFormedMessage = "Must be valid Unicode text (it holds a lone surrogate character).";

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>False for a string holding a lone surrogate, which can't be stored as UTF-8 nor written as JSON.</summary>
    public static bool IsWellFormed(string text)
    {
        try
        {
            Strict.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
