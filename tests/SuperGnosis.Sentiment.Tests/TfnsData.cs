namespace SuperGnosis.Sentiment.Tests;

/// <summary>Finds a file of the vendored TFNS headline data set (data/twitter-financial-news-sentiment) above the test binaries.</summary>
internal static class TfnsData
{
    public static string? Find(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "twitter-financial-news-sentiment", name);
            if (!File.Exists(candidate))
            {
                candidate = Path.Combine(dir.FullName, "shared", "data", "twitter-financial-news-sentiment", name);
            }
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
