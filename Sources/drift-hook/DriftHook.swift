import DriftProtocol
@main
struct DriftHookMain { static func main() {} }
