using System.Diagnostics;

namespace ECommerce.UnitTests.Documents;

/// <summary>What a reader of a PDF gets from it: its text (poppler's pdftotext) and a scanned barcode (pdftoppm + zbarimg).</summary>
internal static class PdfTools
{
    public static async Task<string> TextOfAsync(byte[] pdf) => await RunAsync("pdftotext", ["-layout", "-enc", "UTF-8", "-", "-"], pdf);

    /// <summary>The Code 128 symbols zbarimg reads on the first page, rendered at 300 dpi like a label printer.</summary>
    public static async Task<string[]> BarcodesOfAsync(byte[] pdf)
    {
        var png = Path.Combine(Path.GetTempPath(), $"label-{Guid.NewGuid():N}");
        try
        {
            await RunAsync("pdftoppm", ["-r", "300", "-png", "-singlefile", "-", png], pdf);
            var output = await RunAsync("zbarimg", ["--quiet", "-Sdisable", "-Scode128.enable", png + ".png"], null);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Replace("CODE-128:", "")).ToArray();
        }
        finally
        {
            File.Delete(png + ".png");
        }
    }

    public static async Task<string> RunAsync(string tool, string[] arguments, byte[]? input)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        if (input is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(input);
        }
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {await error}");
        return await output;
    }
}
