"""``nameko run documents.entrypoints.service`` finds one service: the documents service."""
from nameko.cli.run import import_service


def test_the_service_module_holds_exactly_the_documents_service():
    [service] = import_service("documents.entrypoints.service")
    assert service.name == "documents"
