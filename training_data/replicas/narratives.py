REPORTS: list[dict[str, object]] = []
