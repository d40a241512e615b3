"""The Qt user interface: a thin layer over domain, storage, imports and exports."""
