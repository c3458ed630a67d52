package dev.authbridge.hasura;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GraphQlOperationsTests {

	@ParameterizedTest(name = "{0} / {1}: {2}")
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			subscription { users { id } }                                   | null | true
			subscription Live { users { id } }                              | Live | true
			{ users { id } }                                                | null | false
			mutation { delete_users { affected_rows } }                     | null | false
			query A { users { id } } subscription B { users { id } }        | B    | true
			query A { users { id } } subscription B { users { id } }        | A    | false
			query A { users { id } } subscription B { users { id } }        | null | false
			subscription A { users { id } }                                 | C    | false
			subscription {                                                  | null | false
			null                                                            | null | false
			""")
	void isSubscriptionWhenDocumentAndNameThenTheChosenOperationsType(String document, String name,
			boolean subscription) {
		assertThat(GraphQlOperations.isSubscription(document, name)).isEqualTo(subscription);
	}

}
