import SPOCore

/// Star ratings of generated product reviews.
enum ProductReviewsTask {
    static let bank = ReviewBank(
        subjects: ["blender", "pair of wireless earbuds", "desk lamp", "backpack", "electric kettle", "robot vacuum",
                   "coffee grinder", "phone case", "air fryer", "office chair", "hair dryer", "camping stove"],
        intros: ["I bought the {subject} about a month ago.", "This {subject} was a birthday present to myself.",
                 "I ordered this {subject} to replace my old one.", "Here are my thoughts on the {subject}.",
                 "We have been using this {subject} at home for a few weeks."],
        aspects: [
            [-2: ["it fell apart within a week", "the casing cracked the first time it slipped off the table"],
             -1: ["the build feels cheaper than the photos suggest", "a few parts rattle when you shake it"],
             0: ["the build quality is about what you would expect at this price", "it feels neither sturdy nor flimsy"],
             1: ["it feels solid and well made", "the materials are better than I expected"],
             2: ["the craftsmanship is outstanding and it feels built to last for years",
                 "every part is sturdy and beautifully finished"]],
            [-2: ["it simply does not do the one thing it is supposed to do", "it stopped working completely after two days"],
             -1: ["it works, but only about half as well as advertised", "performance is sluggish and inconsistent"],
             0: ["it does the job, nothing more", "performance is fine for light use"],
             1: ["it handles everyday use without any trouble", "it works reliably and does what it promises"],
             2: ["it performs flawlessly, even better than the premium brand I had before", "the performance is simply superb"]],
            [-2: ["the controls are so confusing that I gave up on half the features", "setting it up was a nightmare"],
             -1: ["the instructions are vague and it took a while to figure out", "some buttons are awkward to reach"],
             0: ["setup took about as long as I expected", "there is a small learning curve"],
             1: ["setup was quick and painless", "the controls are easy to understand"],
             2: ["it is wonderfully intuitive and was ready to use in minutes",
                 "even my grandparents could use it without any help"]],
            [-2: ["it is a complete waste of money", "at this price it feels like a rip-off"],
             -1: ["it is a bit overpriced for what you get", "there are cheaper options that do the same"],
             0: ["the price seems fair, if not a bargain", "it is priced about the same as similar products"],
             1: ["it is good value for the money", "the price is reasonable for the quality"],
             2: ["it is an absolute bargain", "for this price it is a steal"]],
            [-2: ["it arrived damaged and two weeks late", "the box showed up crushed and a piece was missing"],
             -1: ["shipping took longer than promised", "the packaging was flimsy and dented"],
             0: ["delivery was on the expected date", "it came in plain, ordinary packaging"],
             1: ["it arrived early and well packed", "the packaging was neat and protective"],
             2: ["delivery was lightning fast and the packaging was perfect",
                 "it arrived the next morning in flawless condition"]],
            [-2: ["customer service ignored every one of my emails", "the seller refused to honor the warranty"],
             -1: ["support took days to answer a simple question", "the return process was more hassle than it should be"],
             0: ["so far there has been no reason to contact support", "the warranty is the standard one year"],
             1: ["support answered my question the same day", "the seller was helpful when I had a question"],
             2: ["customer service went above and beyond to help me",
                 "the company replaced a faulty part for free within days"]],
        ],
        closings: [-2: ["avoid this one", "would not recommend it to anyone"],
                   -1: ["probably would not buy it again", "it is hard to recommend"],
                   0: ["it is okay overall", "it is an average product"],
                   1: ["would recommend it to a friend", "happy with the purchase overall"],
                   2: ["would buy it again in a heartbeat", "highly recommended"]])

    static let family = BuiltinTaskFamily(
        name: "product_reviews", domain: "review",
        summary: "Predict the 1–5 star rating of a product review (gold from weighted phrases).",
        answerKind: .integer, metric: .accuracy,
        userPrompt: TextKit.directUserPrompt(
            "Read the customer review and predict the star rating the customer gave, from 1 (worst) to 5 (best).",
            answerHint: "the rating as a single number from 1 to 5"),
        generate: { bank.generate(&$0) })
}
