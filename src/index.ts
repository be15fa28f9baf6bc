/**
 * Ringmaster: the AI side of event management and marketing automation,
 * embedded in your process. Each module is re-exported as a namespace.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as Actor from "./storage/Actor.ts"
/** @since 0.1.0 */
export * as Column from "./storage/Column.ts"
/** @since 0.1.0 */
export * as Database from "./storage/Database.ts"
/** @since 0.1.0 */
export * as Migrations from "./storage/Migrations.ts"
/** @since 0.1.0 */
export * as Query from "./storage/Query.ts"
/** @since 0.1.0 */
export * as Schema from "./storage/schema/index.ts"
/** @since 0.1.0 */
export * as SqlStorage from "./storage/SqlStorage.ts"
/** @since 0.1.0 */
export * as Storage from "./storage/Storage.ts"
/** @since 0.1.0 */
export * as StorageError from "./storage/StorageError.ts"
/** @since 0.1.0 */
export * as Table from "./storage/Table.ts"
