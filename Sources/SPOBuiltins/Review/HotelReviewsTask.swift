import SPOCore

/// Star ratings of generated hotel reviews.
enum HotelReviewsTask {
    static let bank = ReviewBank(
        subjects: ["seaside hotel", "business hotel", "boutique hotel", "airport hotel", "mountain lodge", "guesthouse",
                   "city center hotel", "family resort"],
        intros: ["We spent three nights at this {subject}.", "I stayed at the {subject} for a work trip.",
                 "We booked this {subject} for a weekend away.", "My partner and I chose this {subject} for our anniversary.",
                 "I spent a week at the {subject} in the spring."],
        aspects: [
            [-2: ["the room was tiny, damp and had a broken window", "our room had no working heating in the middle of winter"],
             -1: ["the room was smaller than the photos suggested", "the mattress was lumpy"],
             0: ["the room was basic but adequate", "the room had everything we needed and nothing more"],
             1: ["the room was comfortable and bright", "the bed was comfortable"],
             2: ["our suite was spacious and stunning", "the room was luxurious, with a huge soft bed"]],
            [-2: ["the receptionist was openly hostile", "staff shrugged when we reported a leak"],
             -1: ["check-in staff seemed uninterested", "the front desk was not very helpful"],
             0: ["the staff were professional", "check-in was routine"],
             1: ["the staff were welcoming", "the front desk helped us book a taxi"],
             2: ["the staff went out of their way to make us feel at home",
                 "the concierge remembered our names and planned a wonderful day trip for us"]],
            [-2: ["the hotel is in a dangerous area far from everything", "the location is miles from anything worth seeing"],
             -1: ["it is a long walk to the center", "the neighborhood is rather dull"],
             0: ["the location is fine if you have a car", "the location is neither great nor bad"],
             1: ["the location is convenient", "it is close to the train station"],
             2: ["the location is perfect, right in the heart of the old town", "you could not ask for a better location"]],
            [-2: ["there were stains on the sheets and hair in the shower", "the bathroom was disgusting"],
             -1: ["the carpet could use a deep clean", "the bathroom was a bit grubby"],
             0: ["it was reasonably clean", "housekeeping was adequate"],
             1: ["everything was clean and tidy", "housekeeping did a good job"],
             2: ["the place was spotless", "the room was immaculately clean every day"]],
            [-2: ["breakfast was a stale roll and cold coffee", "the breakfast buffet had run out of almost everything"],
             -1: ["the breakfast choice was limited", "breakfast was overpriced"],
             0: ["breakfast was standard", "the breakfast buffet was ordinary"],
             1: ["breakfast had a nice selection", "the coffee at breakfast was good"],
             2: ["the breakfast spread was incredible", "breakfast alone was worth the stay"]],
            [-2: ["we could not sleep because of a party next door until four in the morning",
                  "construction noise started at six every morning"],
             -1: ["street noise was noticeable at night", "the walls are thin"],
             0: ["there was some noise from the corridor, but nothing unusual", "noise levels were normal for a city hotel"],
             1: ["the room was quiet at night", "we slept well"],
             2: ["it was wonderfully peaceful and we slept like babies", "it was perfectly silent at night"]],
        ],
        closings: [-2: ["stay anywhere else", "the worst hotel stay we have had"],
                   -1: ["would look elsewhere next time", "not worth the price"],
                   0: ["a decent place for a night or two", "an average hotel"],
                   1: ["would stay here again", "a pleasant stay overall"],
                   2: ["we cannot wait to come back", "one of the best hotels we have stayed in"]])

    static let family = BuiltinTaskFamily(
        name: "hotel_reviews", domain: "review",
        summary: "Predict the 1–5 star rating of a hotel review (gold from weighted phrases).",
        answerKind: .integer, metric: .accuracy,
        userPrompt: TextKit.directUserPrompt(
            "A guest wrote the hotel review below. Predict the guest's star rating on a scale of 1 to 5.",
            answerHint: "one number from 1 to 5"),
        generate: { bank.generate(&$0) })
}
