package dev.authbridge.hasura;

import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import java.util.List;

/**
 * What kind of operation a GraphQL request runs, read with graphql-java's parser (its
 * default limits on tokens and characters apply).
 */
public final class GraphQlOperations {

	private GraphQlOperations() {
	}

	/**
	 * Whether {@code document} runs a subscription: its operation named
	 * {@code operationName}, or its only one when that is {@code null}. {@code false}
	 * when the document does not parse or names no such operation: Hasura will say what
	 * is wrong.
	 */
	public static boolean isSubscription(String document, String operationName) {
		if (document == null) {
			return false;
		}
		Document parsed;
		try {
			parsed = Parser.parse(document);
		}
		catch (RuntimeException ex) {
			// InvalidSyntaxException, and the parser's limits
			return false;
		}
		List<OperationDefinition> operations = parsed.getDefinitionsOfType(OperationDefinition.class);
		for (OperationDefinition operation : operations) {
			boolean chosen = operationName == null ? operations.size() == 1 : operationName.equals(operation.getName());
			if (chosen) {
				return operation.getOperation() == OperationDefinition.Operation.SUBSCRIPTION;
			}
		}
		return false;
	}

}
