CREATE TABLE `graphs` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`document` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `run_logs` (
	`run_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	`level` text NOT NULL,
	`node` text,
	`file` text,
	`message` text NOT NULL,
	`fields` text,
	PRIMARY KEY(`run_id`, `seq`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `runs` (
	`id` text PRIMARY KEY NOT NULL,
	`graph_id` text NOT NULL,
	`status` text NOT NULL,
	`trigger_kind` text NOT NULL,
	`trigger_params` text NOT NULL,
	`dedupe_key` text,
	`graph_revision` integer,
	`queued_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`nodes` text,
	`files` text,
	`rows` integer,
	`errors` text NOT NULL,
	`warnings` text NOT NULL,
	FOREIGN KEY (`graph_id`) REFERENCES `graphs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `runs_status_idx` ON `runs` (`status`,`queued_at`);--> statement-breakpoint
CREATE INDEX `runs_graph_idx` ON `runs` (`graph_id`,`queued_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `runs_dedupe_idx` ON `runs` (`dedupe_key`);--> statement-breakpoint
CREATE TABLE `checkpoints` (
	`graph_id` text NOT NULL,
	`source_node` text NOT NULL,
	`key` text NOT NULL,
	`size` integer NOT NULL,
	`modified_at` integer,
	`etag` text,
	`version_id` text,
	`fingerprint` text NOT NULL,
	`content_hash` text,
	`rows` integer,
	`status` text NOT NULL,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`run_id` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`graph_id`, `source_node`, `key`)
);
--> statement-breakpoint
CREATE INDEX `checkpoints_status_idx` ON `checkpoints` (`graph_id`,`status`);--> statement-breakpoint
CREATE INDEX `checkpoints_updated_idx` ON `checkpoints` (`graph_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `watermarks` (
	`graph_id` text NOT NULL,
	`source_node` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`graph_id`, `source_node`)
);
--> statement-breakpoint
CREATE TABLE `bronze_parts` (
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
	PRIMARY KEY(`table`, `path`)
);
--> statement-breakpoint
CREATE INDEX `bronze_parts_source_idx` ON `bronze_parts` (`table`,`source_node`,`source_key`);--> statement-breakpoint
CREATE TABLE `bronze_schemas` (
	`table` text NOT NULL,
	`version` integer NOT NULL,
	`columns` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`table`, `version`)
);
--> statement-breakpoint
CREATE TABLE `credentials` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
