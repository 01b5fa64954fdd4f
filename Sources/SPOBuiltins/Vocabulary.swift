import SPOCore

/// Word lists shared by several generators. Names are chosen so that none is a
/// substring of another and none contains "lie" or "true" (the web-of-lies and
/// deduction texts are parsed back word by word in tests).
enum Vocabulary {
    static let firstNames = [
        "Amara", "Bruno", "Chidi", "Dolores", "Emeka", "Farah", "Gustavo", "Hana", "Ivan", "Jasmin",
        "Kofi", "Lucia", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Soren", "Tamsin",
        "Ugo", "Valentina", "Wendell", "Ximena", "Yusuf", "Zofia", "Anika", "Bartholomew", "Carmen",
        "Dmitri", "Esther", "Femi", "Greta", "Hector", "Imogen", "Joaquin", "Keiko", "Leopold", "Marisol",
        "Nikhil", "Odette", "Pavel", "Ramona", "Sanjay", "Thandiwe", "Ulrich", "Vera", "Wanjiru",
    ]

    static let lastNames = [
        "Abernathy", "Baptiste", "Castellanos", "Dubois", "Eriksen", "Fonseca", "Gallagher", "Haddad",
        "Ishikawa", "Jovanovic", "Kowalczyk", "Lindqvist", "Mbeki", "Nakamura", "Okonkwo", "Petrov",
        "Quiroga", "Rasmussen", "Santoro", "Takahashi", "Urquhart", "Vasquez", "Whitfield", "Yilmaz",
        "Zielinski", "Achebe", "Brennan", "Carvalho", "Delacroix", "Esposito", "Fairbanks", "Grimaldi",
    ]

    static let cities = [
        "Lisbon", "Nairobi", "Osaka", "Toronto", "Krakow", "Valparaiso", "Glasgow", "Hanoi", "Montreal",
        "Accra", "Bergen", "Cordoba", "Dundee", "Izmir", "Lyon", "Porto", "Quito", "Tallinn", "Winnipeg",
        "Adelaide", "Bilbao", "Dakar", "Graz", "Kyoto",
    ]

    static let towns = [
        "Millbrook", "Ashford", "Cedar Falls", "Harrowgate", "Pinecrest", "Westmere", "Oakhaven",
        "Larkspur", "Stonebridge", "Fernwood", "Brightwater", "Kestrel Bay",
    ]

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

    /// A full name from the lists.
    static func fullName(_ rng: inout SeededRandom) -> String {
        "\(rng.pick(firstNames)) \(rng.pick(lastNames))"
    }

    /// `count` distinct first names.
    static func distinctFirstNames(_ count: Int, _ rng: inout SeededRandom) -> [String] {
        firstNames.stableSample(count, using: &rng)
    }

    /// `count` full names with distinct first and last names.
    static func distinctFullNames(_ count: Int, _ rng: inout SeededRandom) -> [String] {
        let firsts = firstNames.stableSample(count, using: &rng)
        let lasts = lastNames.stableSample(count, using: &rng)
        return zip(firsts, lasts).map { "\($0) \($1)" }
    }
}
