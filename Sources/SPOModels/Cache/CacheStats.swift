/// What the response cache holds.
public struct CacheStats: Sendable, Hashable, Codable {
    public struct ModelEntry: Sendable, Hashable, Codable {
        /// The model identity the answers belong to.
        public var model: String
        public var entries: Int
        /// Times an answer of this model was served from the cache.
        public var hits: Int

        public init(model: String, entries: Int, hits: Int) {
            self.model = model
            self.entries = entries
            self.hits = hits
        }
    }

    public var path: String
    public var entries: Int
    /// Size on disk: the database and its WAL.
    public var bytes: Int64
    public var hits: Int
    public var models: [ModelEntry]

    public init(path: String, entries: Int, bytes: Int64, hits: Int, models: [ModelEntry]) {
        self.path = path
        self.entries = entries
        self.bytes = bytes
        self.hits = hits
        self.models = models
    }
}
