using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Training;

namespace SuperGnosis.Sentiment.Training.Tests;

public class SentimentTrainingRecipeTests
{
    /// <summary>Separable toy headlines: the verb decides the class.</summary>
    private static LabelledHeadline[] Headlines(int count, int offset = 0)
    {
        string[] subjects = ["Acme", "Globex", "Initech", "Umbrella", "Hooli"];
        return [.. Enumerable.Range(offset, count).Select(i => (i % 3) switch
        {
            0 => new LabelledHeadline($"{subjects[i % 5]} shares soar on record profit", SentimentLabel.Positive),
            1 => new LabelledHeadline($"{subjects[i % 5]} shares plunge after loss", SentimentLabel.Negative),
            _ => new LabelledHeadline($"{subjects[i % 5]} holds annual meeting", SentimentLabel.Neutral),
        })];
    }

    private static Func<SentimentArtifact, Action<Stream>, CancellationToken, Task> Into(Dictionary<SentimentArtifact, byte[]> files) =>
        (artifact, save, _) =>
        {
            using var buffer = new MemoryStream();
            save(buffer);
            files.Add(artifact, buffer.ToArray());
            return Task.CompletedTask;
        };

    [Fact]
    public void Options_that_cannot_be_trained_are_rejected_with_the_command_line_messages()
    {
        var tooFew = Assert.Throws<ArgumentException>(() => SentimentTrainingRecipe.Validate(new SentimentRecipeOptions(Headlines(14))));
        Assert.Equal("14 training headlines are too few; need at least 15", tooFew.Message);
        var folds = Assert.Throws<ArgumentException>(() => SentimentTrainingRecipe.Validate(new SentimentRecipeOptions(Headlines(30), CrossValidationFolds: 1)));
        Assert.Equal("--cv needs at least 2 folds", folds.Message);
        SentimentTrainingRecipe.Validate(new SentimentRecipeOptions(Headlines(15), CrossValidationFolds: 2));
    }

    [Fact]
    public async Task Rejected_options_train_and_write_nothing()
    {
        var files = new Dictionary<SentimentArtifact, byte[]>();
        await Assert.ThrowsAsync<ArgumentException>(() => SentimentTrainingRecipe.RunAsync(new SentimentRecipeOptions(Headlines(5), NGramOnly: true), Into(files)));
        Assert.Empty(files);
    }

    [Fact]
    public async Task N_gram_only_recipe_writes_an_n_gram_model_and_scores_it_on_the_validation_headlines()
    {
        var train = Headlines(45);
        var valid = Headlines(12, offset: 100);
        var files = new Dictionary<SentimentArtifact, byte[]>();
        var result = await SentimentTrainingRecipe.RunAsync(new SentimentRecipeOptions(train, valid, NGramOnly: true, CrossValidationFolds: 3), Into(files));

        var model = Assert.IsType<NGramSentimentModel>(result.Model);
        Assert.True(result.MetricsOnValidation);
        Assert.Equal(valid.Length, result.Metrics.Count);
        Assert.Equal(1.0, result.Metrics.Accuracy);
        Assert.Equal(train.Length, result.CrossValidation!.Count);
        Assert.Null(result.Hybrid);

        // The written file is the returned model; it is the n-gram trainer's default model.
        Assert.Equal([SentimentArtifact.Model], files.Keys);
        var loaded = NGramSentimentModel.Load(new MemoryStream(files[SentimentArtifact.Model]));
        var direct = NGramSentimentTrainer.Train(train);
        foreach (var h in valid)
        {
            Assert.Equal(model.Score(h.Text).ProbabilityPositive, loaded.Score(h.Text).ProbabilityPositive, 2);
            Assert.Equal(direct.Score(h.Text), model.Score(h.Text));
        }
    }

    [Fact]
    public async Task Without_validation_headlines_the_metrics_are_on_the_training_set_and_no_cross_validation_runs()
    {
        var train = Headlines(30);
        var result = await SentimentTrainingRecipe.RunAsync(new SentimentRecipeOptions(train, NGramOnly: true), Into([]));
        Assert.False(result.MetricsOnValidation);
        Assert.Equal(train.Length, result.Metrics.Count);
        Assert.Null(result.CrossValidation);
    }
}
