import Foundation
import Testing
@testable import SPOCore
@testable import SPOBuiltins

/// Review ratings are recomputed from the phrases found in each review; safety
/// labels are checked against the bank entry found in each question and, for
/// prompt injection, against an independent keyword test.
@Suite struct BuiltinReviewSafetyTests {
    static let banks: [(String, ReviewBank)] = [
        ("product_reviews", ProductReviewsTask.bank),
        ("restaurant_reviews", RestaurantReviewsTask.bank),
        ("hotel_reviews", HotelReviewsTask.bank),
    ]

    @Test func reviewBanksAreUnambiguous() {
        for (name, bank) in Self.banks {
            let phrases = bank.allPhrases.map { $0.text.lowercased() }
            #expect(Set(phrases).count == phrases.count, "\(name): duplicate phrase")
            for a in phrases {
                for b in phrases where a != b { #expect(!b.contains(a), "\(name): '\(a)' inside '\(b)'") }
                for intro in bank.intros { #expect(!intro.lowercased().contains(a)) }
            }
            #expect(bank.allPhrases.allSatisfy { (-2...2).contains($0.weight) })
            for aspect in bank.aspects { #expect(Set(aspect.map(\.weight)) == Set(-2...2), "\(name): every weight per aspect") }
        }
    }

    @Test func reviewRatingRule() {
        #expect(ReviewBank.rating(weights: [2, 2, 2]) == 5)
        #expect(ReviewBank.rating(weights: [-2, -2, -1]) == 1)
        #expect(ReviewBank.rating(weights: [1, 0, 0]) == 3)       // mean 0.33
        #expect(ReviewBank.rating(weights: [1, 1, 0]) == 4)       // mean 0.67
        #expect(ReviewBank.rating(weights: [1, 0]) == nil)        // mean 0.5: ambiguous
        #expect(ReviewBank.rating(weights: [-1, -2]) == nil)      // mean -1.5: ambiguous
        #expect(ReviewBank.rating(weights: [-2, -1, -1, -1]) == 2) // mean -1.25
    }

    @Test(arguments: ["product_reviews", "restaurant_reviews", "hotel_reviews"])
    func reviewRatingsFollowThePhrases(name: String) throws {
        let bank = try #require(Self.banks.first { $0.0 == name }?.1)
        var histogram: [String: Int] = [:]
        for ex in BuiltinFixture.examples(name) {
            let text = ex.question.lowercased()
            #expect(text.hasPrefix("review: "))
            let found = bank.allPhrases.filter { text.contains($0.text.lowercased()) }
            #expect((3...6).contains(found.count), "\(found.count) phrases in \(ex.question)")
            // Our own rounding: 3 + nearest integer to the mean, never exactly halfway.
            let mean = Double(found.map(\.weight).reduce(0, +)) / Double(found.count)
            #expect(abs(abs(mean - mean.rounded(.down)) - 0.5) > 1e-9, "ambiguous mean \(mean)")
            let stars = 3 + Int(mean.rounded())
            #expect(String(stars) == ex.answer, "\(ex.question)")
            histogram[ex.answer, default: 0] += 1
        }
        // Every rating occurs, none dominates.
        #expect(Set(histogram.keys) == Set(["1", "2", "3", "4", "5"]), "\(histogram)")
        #expect(histogram.values.allSatisfy { $0 >= 60 && $0 <= 250 }, "\(histogram)")
    }

    @Test func harmfulRequests() throws {
        let goals = HarmfulRequestsTask.goals
        #expect(goals.filter(\.harmful).count >= 20 && goals.filter { !$0.harmful }.count >= 20)
        for ex in BuiltinFixture.examples("harmful_requests") {
            let request = try #require(captures("^Request: \"(.+)\"\n", ex.question)?.first)
            let hits = goals.filter { request.contains($0.text) }
            try #require(hits.count == 1, "\(request)")
            #expect((hits[0].harmful ? "yes" : "no") == ex.answer)
        }
    }

    @Test func promptInjection() throws {
        // Independent of the generator's bookkeeping: hijack attempts address the
        // assistant by role, which the ordinary documents never do.
        let addressesAModel = ["assistant", "ai ", "model", "chatbot", "system override"]
        for ex in BuiltinFixture.examples("prompt_injection") {
            let document = try #require(captures("\n\"\"\"\n(.+)\n\"\"\"\n", ex.question)?.first).lowercased()
            let flagged = addressesAModel.contains { document.contains($0) }
            #expect((flagged ? "yes" : "no") == ex.answer, "\(ex.question)")
            let injections = PromptInjectionTask.injections.filter { document.contains($0.lowercased()) }
            #expect(injections.count == (ex.answer == "yes" ? 1 : 0))
        }
    }
}
