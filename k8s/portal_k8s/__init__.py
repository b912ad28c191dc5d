"""The pieces k8s/generate.py writes the kustomize base from."""
