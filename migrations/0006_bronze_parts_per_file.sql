PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_bronze_parts` (
	`table` text NOT NULL,
	`path` text NOT NULL,
	`source_node` text NOT NULL,
	`source_key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`rows` integer NOT NULL,
	`bytes` integer NOT NULL,
	`schema_version` integer NOT NULL,
	`run_id` text NOT NULL,
	`graph_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`table`, `path`, `source_node`, `source_key`)
);
--> statement-breakpoint
INSERT INTO `__new_bronze_parts`("table", "path", "source_node", "source_key", "fingerprint", "rows", "bytes", "schema_version", "run_id", "graph_id", "created_at") SELECT "table", "path", "source_node", "source_key", "fingerprint", "rows", "bytes", "schema_version", "run_id", "graph_id", "created_at" FROM `bronze_parts`;--> statement-breakpoint
DROP TABLE `bronze_parts`;--> statement-breakpoint
ALTER TABLE `__new_bronze_parts` RENAME TO `bronze_parts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `bronze_parts_source_idx` ON `bronze_parts` (`table`,`source_node`,`source_key`);