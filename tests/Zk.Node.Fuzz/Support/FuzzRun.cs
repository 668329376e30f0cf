using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Zk.Node.Fuzz.Support;

/// <summary>
/// Runs one FsCheck property for the fuzz budget: <c>FUZZ_CASES</c> cases (default <see cref="DefaultCases"/>, what
/// <c>make test</c> runs) from the seed <c>FUZZ_SEED</c> ("seed,gamma" as FsCheck prints it on failure; default a
/// fixed seed, so CI is reproducible). A run that does not finish by its deadline fails as a hang.
/// </summary>
internal static class FuzzRun
{
    public const int DefaultCases = 1500;

    private static readonly Rnd FixedSeed = new(0x5EED_2181UL, 0x9E37_79B9_7F4A_7C15UL);

    public static int Cases =>
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : DefaultCases;

    public static Rnd Seed
    {
        get
        {
            string? text = Environment.GetEnvironmentVariable("FUZZ_SEED");
            if (string.IsNullOrWhiteSpace(text))
            {
                return FixedSeed;
            }

            string[] parts = text.Trim('(', ')', ' ').Split(',');
            ulong seed = ulong.Parse(parts[0].Trim(), CultureInfo.InvariantCulture);
            ulong gamma = parts.Length > 1 ? ulong.Parse(parts[1].Trim(), CultureInfo.InvariantCulture) : 0x9E37_79B9_7F4A_7C15UL | 1;
            return new Rnd(seed, gamma);
        }
    }

    /// <summary>Checks <paramref name="check"/> on <see cref="Cases"/> values of <paramref name="gen"/>; throws on the first (shrunk) counterexample.</summary>
    public static void ForAll<T>(string name, Gen<T> gen, Action<T> check, Func<T, IEnumerable<T>>? shrink = null)
    {
        var seed = Seed;
        var config = FsCheck.Config.QuickThrowOnFailure
            .WithMaxTest(Cases)
            .WithQuietOnSuccess(true)
            .WithEndSize(200)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(seed, FSharpOption<int>.None)));
        var arbitrary = shrink is null ? Arb.From(gen) : Arb.From(gen, shrink);
        var property = Prop.ForAll(arbitrary, check);

        // A decoder that loops forever must fail the test, not stall the suite: run it off-thread with a deadline.
        var run = Task.Factory.StartNew(() => Check.One(name, config, property), TaskCreationOptions.LongRunning);
        var deadline = TimeSpan.FromSeconds(60 + (Cases / 20));
        if (!run.Wait(deadline))
        {
            throw new TimeoutException($"{name}: {Cases} cases did not finish within {deadline} (seed {seed.Seed},{seed.Gamma}): a decoder hangs");
        }
    }
}
