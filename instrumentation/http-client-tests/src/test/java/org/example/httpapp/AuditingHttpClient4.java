package org.example.httpapp;

import org.apache.http.impl.client.DefaultHttpClient;

/**
 * An application's subclass of Apache HttpClient 4's {@code DefaultHttpClient}: loading it loads
 * {@code DefaultHttpClient} and {@code AbstractHttpClient}, which declares {@code doExecute}, as its
 * supertypes. It overrides nothing.
 */
@SuppressWarnings("deprecation")
public class AuditingHttpClient4 extends DefaultHttpClient {}
