using System.Text;
using AdminPortal.Web.Tokens;

namespace AdminPortal.Tests.Tokens;

/// <summary>Reading a CSV of viewer labels: what real files look like, and every way a row can be bad.</summary>
public sealed class ViewerCsvTests
{
    [Fact]
    public void One_label_per_line_without_a_header()
    {
        var list = ViewerCsv.Parse("ann@school.example\nbo@school.example\n");
        Assert.True(list.IsClean);
        Assert.Equal(["ann@school.example", "bo@school.example"], list.Viewers);
    }

    [Theory]
    [InlineData("viewer\nann\nbo")]
    [InlineData("Email\r\nann\r\nbo\r\n")]
    [InlineData("\uFEFFviewer\nann\nbo")]
    [InlineData("\n\n  \nann\n\n\nbo\n\n")]
    [InlineData("ann\rbo")]
    public void Header_bom_blank_lines_and_line_endings_are_understood(string text)
    {
        var list = ViewerCsv.Parse(text);
        Assert.True(list.IsClean, string.Join("; ", list.Problems));
        Assert.Equal(["ann", "bo"], list.Viewers);
    }

    [Fact]
    public void A_utf8_file_with_a_byte_order_mark_reads_like_one_without()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Zoë\nJosé")).ToArray();
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        Assert.Equal(["Zoë", "José"], ViewerCsv.Parse(reader.ReadToEnd()).Viewers);
    }

    [Fact]
    public void Quotes_hold_commas_and_doubled_quotes()
    {
        var list = ViewerCsv.Parse("\"Doe, Ann\"\n\"Bo \"\"the kid\"\" Smith\"\n  \"  spaced  \"  \n");
        Assert.True(list.IsClean, string.Join("; ", list.Problems));
        Assert.Equal(["Doe, Ann", "Bo \"the kid\" Smith", "spaced"], list.Viewers);
    }

    [Fact]
    public void With_several_columns_the_viewer_column_counts_else_the_first()
    {
        Assert.Equal(["ann@x", "bo@x"], ViewerCsv.Parse("name,viewer,group\nAnn,ann@x,A\nBo,bo@x,B").Viewers);
        Assert.Equal(["Ann", "Bo"], ViewerCsv.Parse("Ann,ann@x\nBo,bo@x").Viewers);
    }

    [Fact]
    public void Bad_rows_are_each_listed_by_line_with_the_reason_and_nothing_is_usable()
    {
        var text = string.Join("\n",
            "viewer",                      // 1 header
            "ann",                         // 2
            "",                            // 3 blank: skipped
            "\"\"",                        // 4 empty
            new string('x', 201),          // 5 too long
            "ANN",                         // 6 duplicate of line 2
            "bo\"b",                       // 7 stray quote
            "\"multi\nline\"",             // 8-9 line break inside quotes
            "cy");                         // 10
        var list = ViewerCsv.Parse(text);

        Assert.False(list.IsClean);
        Assert.Equal([4, 5, 6, 7, 8], list.Problems.Select(p => p.Line));
        Assert.Contains("empty", list.Problems[0].Reason, StringComparison.Ordinal);
        Assert.Contains("200", list.Problems[1].Reason, StringComparison.Ordinal);
        Assert.Contains("line 2", list.Problems[2].Reason, StringComparison.Ordinal);
        Assert.Contains("quote", list.Problems[3].Reason, StringComparison.Ordinal);
        Assert.Contains("line break", list.Problems[4].Reason, StringComparison.Ordinal);
        Assert.Equal(["ann", "cy"], list.Viewers);
    }

    [Fact]
    public void An_unclosed_quote_is_reported_on_the_line_it_opens()
    {
        var list = ViewerCsv.Parse("ann\n\"bo\ncy\n");
        Assert.Equal(2, Assert.Single(list.Problems).Line);
    }

    [Fact]
    public void Ten_thousand_rows_are_taken_and_ten_thousand_and_one_refused()
    {
        var rows = Enumerable.Range(1, 10_001).Select(i => $"student-{i}").ToList();
        var exact = ViewerCsv.Parse("viewer\n" + string.Join("\n", rows.Take(10_000)));
        Assert.True(exact.IsClean);
        Assert.Equal(10_000, exact.Viewers.Count);

        var over = ViewerCsv.Parse("viewer\n" + string.Join("\n", rows));
        var problem = Assert.Single(over.Problems);
        Assert.Equal(10_002, problem.Line);
        Assert.Contains("10,000", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Result_csv_quotes_where_needed_and_defuses_formulas()
    {
        Assert.Equal("plain", TokenCsv.Field("plain"));
        Assert.Equal("\"Doe, Ann\"", TokenCsv.Field("Doe, Ann"));
        Assert.Equal("\"say \"\"hi\"\"\"", TokenCsv.Field("say \"hi\""));
        Assert.Equal("'=HYPERLINK(1)", TokenCsv.Field("=HYPERLINK(1)"));
        Assert.Equal("'@ann", TokenCsv.Field("@ann"));
        // What we write, we read back.
        Assert.Equal(["Doe, Ann", "say \"hi\""], ViewerCsv.Parse(TokenCsv.Field("Doe, Ann") + "\n" + TokenCsv.Field("say \"hi\"")).Viewers);
    }
}
