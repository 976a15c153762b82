"""Model bundles on disk: atomic save, list/validate, inspect, load, and the active pointer."""

from taskclf.registry.active import activate, current_model_id, get_active
from taskclf.registry.bundle import BundleContents, save_bundle
from taskclf.registry.catalog import (
    BundleInfo,
    active_pointer,
    inspect_bundle,
    list_bundles,
    resolve_bundle_dir,
)
from taskclf.registry.loaded import LoadedModel, load_bundle, load_model
from taskclf.registry.retention import (
    PruneResult,
    RetentionPlan,
    pin,
    pinned_ids,
    plan_retention,
    prune,
    unpin,
)

__all__ = [
    "BundleContents",
    "BundleInfo",
    "LoadedModel",
    "PruneResult",
    "RetentionPlan",
    "activate",
    "active_pointer",
    "current_model_id",
    "get_active",
    "inspect_bundle",
    "list_bundles",
    "load_bundle",
    "load_model",
    "pin",
    "pinned_ids",
    "plan_retention",
    "prune",
    "resolve_bundle_dir",
    "save_bundle",
    "unpin",
]
