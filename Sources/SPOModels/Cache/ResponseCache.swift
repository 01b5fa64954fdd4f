import Foundation
import GRDB
import SPOCore

/// Model replies stored in SQLite, keyed by `CacheKey`.
///
/// WAL mode and a busy timeout let two metaspo processes share one file. Only
/// the reply text, its token counts and the model identity are stored: never
/// keys, headers or errors.
public final class ResponseCache: Sendable {
    public let path: String
    private let pool: DatabasePool

    /// A stored reply.
    public struct Entry: Sendable, Hashable {
        public var text: String
        public var promptTokens: Int
        public var completionTokens: Int
        public var latencySeconds: Double
    }

    /// `$XDG_CACHE_HOME/metaspo/responses.sqlite`, or `~/.cache/metaspo/…` when
    /// XDG_CACHE_HOME is unset; `cacheDir` (the config's `cache_dir`) wins over both.
    public static func defaultPath(cacheDir: String? = nil, environment: [String: String]? = nil) -> String {
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let cacheDir, !cacheDir.isEmpty {
            return ((cacheDir as NSString).expandingTildeInPath as NSString).appendingPathComponent("responses.sqlite")
        }
        let base: String
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = (home as NSString).appendingPathComponent(".cache")
        }
        return ((base as NSString).appendingPathComponent("metaspo") as NSString).appendingPathComponent("responses.sqlite")
    }

    /// Opens (creating if needed) the cache at `path`.
    public init(path: String) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        do {
            // Prompts and replies can be private: the folder is the user's only.
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            var configuration = Configuration()
            // Another process may be writing: wait for it rather than fail.
            configuration.busyMode = .timeout(15)
            configuration.prepareDatabase { db in
                // WAL commits without fsync: a crash may lose the last answers, never corrupt the file.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            // Idempotent, so two processes opening a new cache at once both succeed.
            try pool.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS responses (
                            key TEXT PRIMARY KEY NOT NULL,
                            model TEXT NOT NULL,
                            text TEXT NOT NULL,
                            prompt_tokens INTEGER NOT NULL,
                            completion_tokens INTEGER NOT NULL,
                            latency REAL NOT NULL,
                            created REAL NOT NULL,
                            hits INTEGER NOT NULL DEFAULT 0
                        )
                        """)
            }
        } catch {
            throw SPOError(file: path, "cannot open the response cache: \(error)")
        }
    }

    /// The stored reply for `key`, counting a hit; nil on a miss.
    public func lookup(_ key: String) async throws -> Entry? {
        // Read first: readers run in parallel under WAL, and a miss (the common
        // case in a new run) then costs no write.
        let entry = try await pool.read { db -> Entry? in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT text, prompt_tokens, completion_tokens, latency FROM responses WHERE key = ?", arguments: [key])
            else { return nil }
            return Entry(text: row[0], promptTokens: row[1], completionTokens: row[2], latencySeconds: row[3])
        }
        if entry != nil {
            try await pool.write { db in
                try db.execute(sql: "UPDATE responses SET hits = hits + 1 WHERE key = ?", arguments: [key])
            }
        }
        return entry
    }

    /// Stores a reply. The first reply stored for a key stays (another process may
    /// have stored the same answer meanwhile).
    public func store(_ key: String, model: String, completion: Completion) async throws {
        let created = Date().timeIntervalSince1970
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO responses (key, model, text, prompt_tokens, completion_tokens, latency, created)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    key, model, completion.text, completion.usage.promptTokens, completion.usage.completionTokens,
                    completion.usage.latencySeconds, created,
                ])
        }
    }

    public func stats() async throws -> CacheStats {
        let models = try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT model, COUNT(*), COALESCE(SUM(hits), 0) FROM responses GROUP BY model ORDER BY COUNT(*) DESC, model")
                .map { CacheStats.ModelEntry(model: $0[0], entries: $0[1], hits: $0[2]) }
        }
        return CacheStats(
            path: path, entries: models.reduce(0) { $0 + $1.entries }, bytes: diskBytes(), hits: models.reduce(0) { $0 + $1.hits },
            models: models)
    }

    /// Deletes every entry and gives the space back. Returns how many were removed.
    @discardableResult
    public func clear() async throws -> Int {
        let removed = try await pool.write { db in
            try db.execute(sql: "DELETE FROM responses")
            return db.changesCount
        }
        try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM")
            _ = try db.checkpoint(.truncate)
        }
        return removed
    }

    private func diskBytes() -> Int64 {
        [path, path + "-wal", path + "-shm"].reduce(Int64(0)) { sum, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0
            return sum + size
        }
    }
}
