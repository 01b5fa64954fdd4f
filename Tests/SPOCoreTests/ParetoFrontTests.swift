import SPOCore
import Testing

/// Issue 21: dominance and front maintenance on hand-made score tables.
struct ParetoFrontTests {
    typealias M = ParetoFront.Member

    @Test func meansAreSummedInTaskOrderAndRoundingNoiseIsATie() {
        let m = ParetoFront.Member(id: "S1", scores: ["c": 0.3, "a": 0.1, "b": 0.2], ordinal: 1)
        #expect(m.mean == (0.1 + 0.2 + 0.3) / 3, "the same bits in every process, whatever the dictionary's order")
        // The same three scores on other tasks: equal means in exact arithmetic, a
        // last-bit difference in floating point. The newer one leads, as in any tie.
        let older = ParetoFront.Member(id: "S2", scores: ["a": 0.3, "b": 0.2, "c": 0.1], ordinal: 2)
        let newer = ParetoFront.Member(id: "S3", scores: ["a": 0.1, "b": 0.3, "c": 0.2], ordinal: 3)
        #expect(older.mean != m.mean)
        #expect(ParetoFront(members: [m, older, newer], cap: 3).ids == ["S3", "S2", "S1"])
    }

    @Test func keepsWhatIsBestSomewhere() {
        let f = ParetoFront(members: [
            M(id: "S1", scores: ["a": 0.5, "b": 0.5], ordinal: 0),
            M(id: "S2", scores: ["a": 0.8, "b": 0.4], ordinal: 1),
            M(id: "S3", scores: ["a": 0.4, "b": 0.4], ordinal: 2),
            M(id: "S4", scores: ["a": 0.3, "b": 1.0], ordinal: 3),
        ], cap: 9)
        #expect(Set(f.ids) == ["S1", "S2", "S4"])
        #expect(f.best?.id == "S4", "best mean: 0.65")
        #expect(f.bestCount("S2") == 1 && f.bestCount("S4") == 1 && f.bestCount("S1") == 0)
        #expect(f.weakestTasks(of: "S2") == ["b", "a"])
        #expect(M(id: "x", scores: ["a": 0.5, "b": 0.5], ordinal: 0).dominates(M(id: "y", scores: ["a": 0.4, "b": 0.5], ordinal: 1)))
        #expect(!M(id: "x", scores: ["a": 0.5, "b": 0.5], ordinal: 0).dominates(M(id: "y", scores: ["a": 0.5, "b": 0.5], ordinal: 1)))
    }

    @Test func exactTiesKeepOneAndTheCapKeepsBestMeans() {
        let tied = ParetoFront(members: [
            M(id: "S1", scores: ["a": 0.5, "b": 0.5], ordinal: 0),
            M(id: "S2", scores: ["a": 0.5, "b": 0.5], ordinal: 1),
        ], cap: 9)
        #expect(tied.ids == ["S2"], "the newer of two identical score tables")
        let many = (0..<6).map { k in M(id: "S\(k)", scores: ["a": Double(k) / 10, "b": Double(5 - k) / 10 + (k == 5 ? 0.05 : 0)], ordinal: k) }
        let capped = ParetoFront(members: many, cap: 3)
        #expect(capped.members.count == 3)
        #expect(capped.best?.id == "S5")
        #expect(ParetoFront(members: many, cap: 9).members.count == 6, "a trade-off line: nobody dominates")
    }

    @Test func pinnedStayAndPrunedNeverEnter() {
        let f = ParetoFront(members: [
            M(id: "S1", scores: ["a": 0.9, "b": 0.9], ordinal: 0, pruned: true),
            M(id: "S2", scores: ["a": 0.2, "b": 0.2], ordinal: 1, pinned: true),
            M(id: "S3", scores: ["a": 0.5, "b": 0.5], ordinal: 2),
            M(id: "S4", scores: ["a": 0.6, "b": 0.3], ordinal: 3),
        ], cap: 2)
        #expect(!f.ids.contains("S1"))
        #expect(f.ids.contains("S2"), "pinned, though dominated")
        #expect(f.members.count == 2 && f.ids.contains("S3"), "the cap counts the pinned one; the better mean of the rest stays")
    }

    @Test func parentsAreSeededAndWeightedByTasksWon() {
        let f = ParetoFront(members: [
            M(id: "S1", scores: ["a": 0.9, "b": 0.9, "c": 0.9], ordinal: 0),
            M(id: "S2", scores: ["a": 0.1, "b": 0.1, "c": 0.95], ordinal: 1),
        ], cap: 9)
        var r1 = SeededRandom(seed: 7, stream: "front"), r2 = SeededRandom(seed: 7, stream: "front")
        let a = (0..<200).compactMap { _ in f.sampleParent(using: &r1) }
        let b = (0..<200).compactMap { _ in f.sampleParent(using: &r2) }
        #expect(a == b, "the same seed draws the same parents (resume replays them)")
        // S1 wins a and b, S2 wins c: about two draws in three are S1.
        let share = Double(a.filter { $0 == "S1" }.count) / 200
        #expect(share > 0.5 && share < 0.8)
        var empty = SeededRandom(seed: 1, stream: "x")
        #expect(ParetoFront(members: [], cap: 3).sampleParent(using: &empty) == nil)
    }
}
