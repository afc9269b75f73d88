import ArgumentParser
import MigstatCore

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the JSON Schema (draft 2020-12) of pipeline.json.",
        discussion: """
            The schema is generated from the same description of pipeline.json that `check` holds a configuration \
            to: every key the model accepts, and no other. It is committed as schema/pipeline.schema.json, which \
            pipeline.json names in "$schema" so that editors complete and check it.
            """)

    func run() {
        StandardStreams.write(ConfigShape.pipeline.jsonSchema(title: "migstat pipeline.json"), to: .output)
    }
}
