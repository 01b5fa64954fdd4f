import SPOCore

/// Star ratings of generated restaurant reviews.
enum RestaurantReviewsTask {
    static let bank = ReviewBank(
        subjects: ["Italian place", "sushi bar", "neighborhood bistro", "taqueria", "steakhouse", "vegan cafe",
                   "dim sum restaurant", "seafood shack", "Lebanese grill", "ramen shop"],
        intros: ["We went to this {subject} for a birthday dinner.", "I had lunch at this {subject} last week.",
                 "A friend recommended this {subject}, so we gave it a try.", "We stopped at the {subject} on a Friday night.",
                 "This was our second visit to the {subject}."],
        aspects: [
            [-2: ["the food was inedible and my steak came out raw", "the pasta tasted like it had been microwaved twice"],
             -1: ["the dishes were bland and a little cold", "the portions were small and underseasoned"],
             0: ["the food was decent but forgettable", "the menu was fairly standard"],
             1: ["the food was fresh and tasty", "the main courses were well seasoned"],
             2: ["every dish was exceptional, the best meal we have had this year", "the food was simply divine"]],
            [-2: ["our waiter was rude and disappeared for half an hour", "the staff argued with us about the bill"],
             -1: ["service was slow and a bit careless", "we had to ask twice for water"],
             0: ["service was polite but unremarkable", "the staff were neither friendly nor unfriendly"],
             1: ["the staff were friendly and attentive", "our server gave good recommendations"],
             2: ["the service was impeccable from start to finish", "our waiter made the whole evening feel special"]],
            [-2: ["the dining room was filthy and smelled of old grease", "it was so loud we could not hear each other at all"],
             -1: ["the room felt cramped and noisy", "the decor is tired and dated"],
             0: ["the atmosphere is casual and nothing special", "the dining room is plain but clean"],
             1: ["the dining room is cozy and pleasant", "the music was at just the right volume"],
             2: ["the setting is gorgeous, with candles and a view of the river", "the atmosphere was magical"]],
            [-2: ["the bill was outrageous for what we got", "they charged us for dishes we never ordered"],
             -1: ["it is somewhat overpriced", "the drinks in particular were expensive"],
             0: ["prices are typical for the area", "the bill was about what we expected"],
             1: ["prices are fair for the quality", "the lunch menu is good value"],
             2: ["amazing value, we could hardly believe the bill", "the portions are generous and the prices are low"]],
            [-2: ["we waited over an hour for our food even with a reservation",
                  "they lost our reservation and made us wait outside in the rain"],
             -1: ["the kitchen was slow", "getting a table took longer than it should have"],
             0: ["we waited about twenty minutes, which is normal on a weekend", "the wait for a table was average"],
             1: ["we were seated right away", "the food came out promptly"],
             2: ["everything arrived quickly and perfectly timed between courses", "the pacing of the courses was ideal"]],
            [-2: ["the wine was corked and they refused to replace it", "dessert was stale and tasted of the fridge"],
             -1: ["the cocktails were watery", "the dessert was overly sweet"],
             0: ["the wine list is short but acceptable", "dessert was fine"],
             1: ["the house wine was lovely", "the desserts are worth saving room for"],
             2: ["the chocolate tart was the best dessert I have ever eaten", "the cocktails were creative and delicious"]],
        ],
        closings: [-2: ["never going back", "save your money and eat elsewhere"],
                   -1: ["probably would not return", "there are better places nearby"],
                   0: ["it was an okay night out", "a perfectly average restaurant"],
                   1: ["would happily go back", "a solid choice for dinner"],
                   2: ["we are already planning our next visit", "an absolute must-visit"]])

    static let family = BuiltinTaskFamily(
        name: "restaurant_reviews", domain: "review",
        summary: "Predict the 1–5 star rating of a restaurant review (gold from weighted phrases).",
        answerKind: .integer, metric: .accuracy,
        userPrompt: TextKit.directUserPrompt(
            "Here is a diner's review of a restaurant. Estimate how many stars (1 to 5) the diner gave.",
            answerHint: "a single number from 1 to 5"),
        generate: { bank.generate(&$0) })
}
