@main
struct DriftdMain { static func main() {} }
