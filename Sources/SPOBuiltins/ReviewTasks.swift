import SPOCore

/// Review analysis: star ratings computed from weighted phrase banks.
enum ReviewTasks {
    static let all: [BuiltinTaskFamily] = [
        ProductReviewsTask.family,
        RestaurantReviewsTask.family,
        HotelReviewsTask.family,
    ]
}
