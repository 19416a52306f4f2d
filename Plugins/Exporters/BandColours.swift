/// The band colours every graphical export shares (HTML charts, XLSX conditional formats).
enum BandColours {
    /// Band colours, best first; a scheme with fewer bands takes the first and the last ones.
    /// Their greys (luma 60, 163, 199, 135, 96) differ by at least 28, so a page printed in
    /// black and white still tells Xuất sắc from Tốt and every band from the others.
    static let palette = ["#0a5a22", "#74c476", "#f2c94c", "#d9731a", "#c0392b"]

    /// Which of ``palette`` band `category` takes among `categories` (best first); nil when
    /// it is not one of them.
    static func index(of category: String?, in categories: [String]) -> Int? {
        guard let category, let index = categories.firstIndex(of: category) else { return nil }
        if categories.count <= 1 { return 0 }
        let position = Double(index) / Double(categories.count - 1) * Double(palette.count - 1)
        return Int(position.rounded())
    }

    /// True for the colours white text reads on (the darkest three).
    static func isDark(_ index: Int) -> Bool { [0, 3, 4].contains(index) }
}
