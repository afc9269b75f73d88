/// The shape of a figure's spec file, built from the model's CodingKeys as pipeline.json's is (`PipelineShape`):
/// the loader refuses a key the shape does not name, with the same did-you-mean, so that the model's decoders
/// only read values and fill defaults.
extension ConfigShape {
    public static let diagram: ConfigShape = object(DiagramSpec.CodingKeys.self, required: [.nodes, .basis],
                                                    description: "a diagram: boxes joined by arrows, optionally framed in groups") {
        switch $0 {
        case .direction: oneOf(DiagramSpec.Direction.self)
        case .acyclic: .boolean
        case .groups: .array(object(DiagramGroup.CodingKeys.self, required: [.id, .label]) { _ in text })
        case .nodes: .array(object(DiagramNode.CodingKeys.self, required: [.id, .label]) {
            switch $0 {
            case .id, .label, .detail, .group: text
            case .tone: oneOf(Tone.self)
            }
        })
        case .edges: .array(object(DiagramEdge.CodingKeys.self, required: [.from, .to]) {
            switch $0 {
            case .from, .to, .label: text
            case .style: oneOf(DiagramEdge.Style.self)
            }
        })
        case .ranks: .array(texts)
        case .basis: text
        }
    }

    public static let timeline: ConfigShape = object(TimelineSpec.CodingKeys.self, required: [.events, .basis],
                                                     description: "a timeline: periods and dated events on one year axis") {
        switch $0 {
        case .start, .end: .integer()
        case .events: .array(object(TimelineEvent.CodingKeys.self, required: [.id, .label]) {
            switch $0 {
            case .id, .label, .detail, .when: text
            case .date, .from, .to: .string(pattern: "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
            case .ongoing: .boolean
            case .tone: oneOf(Tone.self)
            }
        })
        case .basis: text
        }
    }
}
