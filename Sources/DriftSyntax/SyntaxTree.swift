/// The structural tree of one file: a flat array of nodes linked by parent, child and sibling
/// indices, plus side tables of imports and exports.
///
/// Nodes live in one array so that building a tree is a run of appends and walking it touches
/// contiguous memory; node 0 is the module. Indices are `Int` in the API and `Int32` in storage.
public struct SyntaxTree: Sendable {
    public internal(set) var nodes: [SyntaxNode]
    public internal(set) var imports: [ImportRecord]
    public internal(set) var exports: [ExportRecord]

    /// The module (root) node.
    public static let root = 0

    init() {
        nodes = [SyntaxNode(kind: .module, role: .none, start: 0, parent: -1)]
        imports = []
        exports = []
    }

    public subscript(_ index: Int) -> SyntaxNode { nodes[index] }

    public var count: Int { nodes.count }

    /// The children of `index`, in source order.
    public func children(of index: Int) -> SyntaxChildren { SyntaxChildren(tree: self, head: Int(nodes[index].firstChild)) }

    /// The first child of `index` with `role`, if any.
    public func child(of index: Int, role: SyntaxRole) -> Int? {
        var child = Int(nodes[index].firstChild)
        while child >= 0 {
            if nodes[child].role == role { return child }
            child = Int(nodes[child].nextSibling)
        }
        return nil
    }

    /// The parent of `index`, nil for the module.
    public func parent(of index: Int) -> Int? {
        let parent = Int(nodes[index].parent)
        return parent >= 0 ? parent : nil
    }

    /// `index` and every node below it, in pre-order, walked with an explicit stack.
    public func descendants(of index: Int) -> [Int] {
        var result: [Int] = []
        var stack = [index]
        while let node = stack.popLast() {
            result.append(node)
            var child = Int(nodes[node].lastChild)
            while child >= 0 {
                stack.append(child)
                child = Int(nodes[child].previousSibling)
            }
        }
        return result
    }

    /// Every node of `kind`, in creation order (which is source order for nodes that do not nest).
    public func nodes(ofKind kind: SyntaxKind) -> [Int] {
        var result: [Int] = []
        for index in nodes.indices where nodes[index].kind == kind {
            result.append(index)
        }
        return result
    }

    /// True when any part of the file could not be parsed and is held in an opaque node.
    public var hasOpaqueNodes: Bool { nodes.contains { $0.kind == .opaque } }
}

/// The children of one node, as a sequence.
public struct SyntaxChildren: Sequence {
    let tree: SyntaxTree
    let head: Int

    public var first: Int? { head >= 0 ? head : nil }

    public func makeIterator() -> Iterator { Iterator(nodes: tree.nodes, cursor: head) }

    /// Follows `nextSibling` links.
    public struct Iterator: IteratorProtocol {
        let nodes: [SyntaxNode]
        var cursor: Int

        public mutating func next() -> Int? {
            guard cursor >= 0 else { return nil }
            defer { cursor = Int(nodes[cursor].nextSibling) }
            return cursor
        }
    }
}

/// One node of a `SyntaxTree`: what it is, where it is, and how it links to its neighbours.
public struct SyntaxNode: Sendable {
    public var kind: SyntaxKind
    /// What this node is to its parent (callee, argument, condition, body, …).
    public var role: SyntaxRole
    public var flags: SyntaxFlags
    /// Byte range of the node's name (function, class, parameter, member property, import
    /// binding, keyword argument, declarator); empty when it has none.
    public var nameStart: Int32 = 0
    public var nameEnd: Int32 = 0
    /// Byte range of the node in the file.
    public var start: Int32
    public var end: Int32
    public var parent: Int32
    public var firstChild: Int32 = -1
    public var lastChild: Int32 = -1
    public var nextSibling: Int32 = -1
    public var previousSibling: Int32 = -1

    init(kind: SyntaxKind, role: SyntaxRole, flags: SyntaxFlags = [], start: Int, parent: Int32) {
        self.kind = kind
        self.role = role
        self.flags = flags
        self.start = Int32(truncatingIfNeeded: start)
        self.end = Int32(truncatingIfNeeded: start)
        self.parent = parent
    }

    public var startByte: Int { Int(start) }
    public var endByte: Int { Int(end) }
    public var hasName: Bool { nameEnd > nameStart }
}

/// What a syntax node is.
public enum SyntaxKind: UInt8, Sendable, CaseIterable {
    case module
    /// `def`, `function`, method, arrow function, lambda; flags say which.
    case function
    case parameter
    case decorator
    /// `class`, TS `interface` (flag `.interface`), TS `enum`/`namespace` (flag `.declaration`).
    case classDeclaration
    case block
    case expressionStatement
    /// `a = b`, `a += b`, `a: int = b`, `a := b`; children are the target(s) and the value.
    case assignment
    /// `var`/`let`/`const` with its declarators.
    case declaration
    case declarator
    case returnStatement
    /// `raise` / `throw`.
    case throwStatement
    case ifStatement
    /// `for`, `while`, `do … while`, and comprehension clauses (flag `.comprehension`).
    case loop
    case tryStatement
    /// `except …:` / `catch (e)`.
    case catchClause
    case withStatement
    case switchStatement
    case caseClause
    case importDeclaration
    case importSpecifier
    case exportDeclaration
    /// `pass`, `break`, `continue`, `del`, `global`, `assert`, `debugger`, `;`, TS `type X = …`.
    case otherStatement
    /// An expression made of more than one operand (`a + b`, `x and y`, `c ? a : b`).
    case expression
    /// A call; the first child is the callee, the rest are arguments. `new X()` has flag `.new`.
    case call
    case keywordArgument
    /// `object.property` / `object?.property`; the name token is the property.
    case member
    case `subscript`
    case name
    case await
    case yield
    case literal
    /// `( … )`, `[ … ]`, `{ … }` in expression position: tuples, lists, arrays, dicts, objects.
    case group
    /// A property of an object literal or a class field; the name token is the key.
    case property
    /// JSX element or fragment; holes are children.
    case jsx
    /// A type annotation or TS type expression that was skipped over.
    case type
    case comment
    /// Code that could not be parsed; the rest of the file around it still is.
    case opaque
}

/// What a node is to its parent.
public enum SyntaxRole: UInt8, Sendable {
    case none
    case callee
    case argument
    case condition
    case body
    case orelse
    case target
    case value
    case iterable
    case parameter
    case defaultValue
    case decorator
    case base
    case handler
    case finalizer
    case exceptionType
    case source
    case specifier
    case object
    case operand
    case element
    case index
    case annotation
    case statement
    case update
}

/// Facts about a node that do not warrant a kind of their own.
///
/// 96 bits, one name space for every kind and language: `flags.contains(.async)` means the same on
/// any node. Python and JavaScript use bits 0–47 of `low`; Go and Swift (`go`, `defer`, `guard`, `try?`,
/// `try!`, `select`, …) take the free ones. The bits are a 64-bit and a 32-bit word, not a
/// `UInt128`: a 12-byte value fills the padding `SyntaxNode` already has, so a node stays 56 bytes.
public struct SyntaxFlags: OptionSet, Sendable, Hashable {
    /// The two words of bits: 0–63 in `low`, 64–95 in `high`.
    public struct RawValue: Sendable, Hashable {
        public var low: UInt64
        public var high: UInt32

        @inlinable public init(low: UInt64, high: UInt32) {
            self.low = low
            self.high = high
        }
    }

    public var rawValue: RawValue
    @inlinable public init(rawValue: RawValue) { self.rawValue = rawValue }
    @inlinable public init() { rawValue = RawValue(low: 0, high: 0) }

    /// Flags from the bits of each word; a flag is declared as `SyntaxFlags(low: 1 << n)` or
    /// `SyntaxFlags(high: 1 << n)`, literals the compiler folds into constants.
    @inlinable public init(low: UInt64 = 0, high: UInt32 = 0) { rawValue = RawValue(low: low, high: high) }

    @inlinable public var isEmpty: Bool { rawValue.low == 0 && rawValue.high == 0 }

    @inlinable public func contains(_ member: SyntaxFlags) -> Bool {
        rawValue.low & member.rawValue.low == member.rawValue.low && rawValue.high & member.rawValue.high == member.rawValue.high
    }

    @inlinable public mutating func formUnion(_ other: SyntaxFlags) {
        rawValue.low |= other.rawValue.low
        rawValue.high |= other.rawValue.high
    }

    @inlinable public mutating func formIntersection(_ other: SyntaxFlags) {
        rawValue.low &= other.rawValue.low
        rawValue.high &= other.rawValue.high
    }

    @inlinable public mutating func formSymmetricDifference(_ other: SyntaxFlags) {
        rawValue.low ^= other.rawValue.low
        rawValue.high ^= other.rawValue.high
    }

    public static let async = SyntaxFlags(low: 1 << 0)
    public static let generator = SyntaxFlags(low: 1 << 1)
    public static let arrow = SyntaxFlags(low: 1 << 2)
    public static let lambda = SyntaxFlags(low: 1 << 3)
    public static let method = SyntaxFlags(low: 1 << 4)
    /// An arrow function or lambda whose body is an expression, not a block.
    public static let expressionBody = SyntaxFlags(low: 1 << 5)
    /// A function without a body: a TS overload signature, `declare function`, an interface method.
    public static let noBody = SyntaxFlags(low: 1 << 6)
    public static let abstract = SyntaxFlags(low: 1 << 7)
    public static let isStatic = SyntaxFlags(low: 1 << 8)
    public static let getter = SyntaxFlags(low: 1 << 9)
    public static let setter = SyntaxFlags(low: 1 << 10)
    public static let constructor = SyntaxFlags(low: 1 << 11)
    /// `?.` member access or call.
    public static let optional = SyntaxFlags(low: 1 << 12)
    public static let new = SyntaxFlags(low: 1 << 13)
    /// `*args`, `...rest`.
    public static let rest = SyntaxFlags(low: 1 << 14)
    /// `**kwargs`.
    public static let keywordRest = SyntaxFlags(low: 1 << 15)
    public static let comprehension = SyntaxFlags(low: 1 << 16)
    /// `import type …`, `export type …`.
    public static let typeOnly = SyntaxFlags(low: 1 << 17)
    public static let isDefault = SyntaxFlags(low: 1 << 18)
    /// TS `interface`.
    public static let interface = SyntaxFlags(low: 1 << 19)
    /// TS `declare …`, `enum`, `namespace`: declarations without runtime code of their own.
    public static let declaration = SyntaxFlags(low: 1 << 20)
    public static let parenthesized = SyntaxFlags(low: 1 << 21)
    public static let bracketed = SyntaxFlags(low: 1 << 22)
    public static let braced = SyntaxFlags(low: 1 << 23)
    public static let string = SyntaxFlags(low: 1 << 24)
    public static let number = SyntaxFlags(low: 1 << 25)
    public static let regex = SyntaxFlags(low: 1 << 26)
    /// A JS template literal or a Python f-string.
    public static let template = SyntaxFlags(low: 1 << 27)
    /// `True`/`False`/`None`, `true`/`false`/`null`/`undefined`, `this`.
    public static let constant = SyntaxFlags(low: 1 << 28)
    public static let ellipsis = SyntaxFlags(low: 1 << 29)
    /// `elif` (an `if` in the `orelse` of another).
    public static let elif = SyntaxFlags(low: 1 << 30)
    public static let whileLoop = SyntaxFlags(low: 1 << 31)
    public static let doWhile = SyntaxFlags(low: 1 << 32)
    public static let forIn = SyntaxFlags(low: 1 << 33)
    public static let forOf = SyntaxFlags(low: 1 << 34)
    /// `for await`, `async for`, `async with`.
    public static let awaiting = SyntaxFlags(low: 1 << 35)
    /// `void expr` in JS: the value is discarded on purpose.
    public static let voided = SyntaxFlags(low: 1 << 36)
    /// An augmented assignment (`+=`, `||=`, …).
    public static let augmented = SyntaxFlags(low: 1 << 37)
    /// Python `:=`.
    public static let walrus = SyntaxFlags(low: 1 << 38)
    /// A `let`/`const`/`var`; `const` also has `.constant`.
    public static let letDeclaration = SyntaxFlags(low: 1 << 39)
    public static let varDeclaration = SyntaxFlags(low: 1 << 40)
    /// `yield from` / `yield*`.
    public static let yieldFrom = SyntaxFlags(low: 1 << 41)
    /// JSX attribute or child expression hole.
    public static let jsxHole = SyntaxFlags(low: 1 << 42)
    /// `except*`.
    public static let exceptionGroup = SyntaxFlags(low: 1 << 43)
    /// `x!` in TypeScript.
    public static let nonNull = SyntaxFlags(low: 1 << 44)
    /// A Python `assert`.
    public static let assertion = SyntaxFlags(low: 1 << 45)
    /// A `pass`.
    public static let pass = SyntaxFlags(low: 1 << 46)
    /// A statement that leaves the block: `break`, `continue`.
    public static let jump = SyntaxFlags(low: 1 << 47)
}

/// One import: ES `import`/`export … from`/`import()`/`require`, or Python `import`/`from … import`.
public struct ImportRecord: Sendable, Hashable {
    /// How the import is written.
    public enum Form: String, Sendable {
        case esImport, esExportFrom, dynamicImport, require, pythonImport, pythonFromImport
    }

    /// One imported name: `imported` is the name in the module (nil for a whole-module import),
    /// `local` the name it is bound to here (nil when nothing is bound, e.g. a side-effect import).
    public struct Name: Sendable, Hashable {
        public var imported: String?
        public var local: String?
        public var typeOnly: Bool
        /// Byte offset of the local name (or of the import when nothing is bound).
        public var offset: Int
    }

    public var form: Form
    /// The module as written, without quotes and without Python's leading dots.
    public var module: String
    /// Python relative level (number of leading dots); 0 for absolute imports and for JS.
    public var level: Int
    public var names: [Name]
    /// `from x import *`, `import * as ns`, `export * from`.
    public var isWildcard: Bool
    public var typeOnly: Bool
    /// The node of the import statement or call.
    public var node: Int
    /// Byte range of the module specifier.
    public var moduleStart: Int
    public var moduleEnd: Int
}

/// One exported name: ES `export`, CommonJS `module.exports`/`exports.x`, Python `__all__`.
public struct ExportRecord: Sendable, Hashable {
    /// How the export is written.
    public enum Form: String, Sendable {
        case esNamed, esDefault, esReExport, commonJS, commonJSWhole, dunderAll
    }

    public var form: Form
    /// The exported name; "default" for default exports, "*" for `export *`.
    public var name: String
    public var node: Int
}
